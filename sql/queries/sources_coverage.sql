-- Every source with the facts it supports by kind (v_source_coverage), its publication date at
-- its precision (inferred or not, and why), its address or why none is known, how it was read,
-- and for a related item the article it appeared in. Most facts first.
select
    c.source_id,
    c.publisher,
    c.language,
    s.original_language,
    s.via,
    c.kind,
    s.parent_source_id,
    p.publisher as parent_publisher,
    p.published_text as parent_published_text,
    p.published_precision as parent_published_precision,
    c.published_text,
    c.published_precision,
    s.published_start,
    s.published_inferred,
    s.published_note,
    c.url,
    s.url_note,
    s.description_en,
    s.description_vi,
    c.n_facts,
    c.n_links,
    c.n_events,
    c.n_legal,
    c.n_targets,
    c.n_observations,
    c.n_facts_only_source
from v_source_coverage as c
inner join source as s on c.source_id = s.source_id
left join source as p on s.parent_source_id = p.source_id
order by c.n_facts desc, s.published_start asc nulls last, c.source_id asc
