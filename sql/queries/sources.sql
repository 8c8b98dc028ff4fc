-- The sources with the given ids, oldest first, for the list under a chart.
select
    s.source_id,
    s.publisher,
    s.url,
    s.url_note,
    s.published_text,
    s.published_precision,
    s.language,
    s.description_en,
    s.description_vi
from source as s
where list_contains($ids, s.source_id)
order by s.published_start nulls last, s.source_id
