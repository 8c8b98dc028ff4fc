-- Numbers of instruments sources give without naming each one (legal_count, the
-- 'reported_count' basis of v_legal_pipeline), with their dates and sources, for the selected
-- jurisdictions and kinds (empty = all).
select
    c.count_id,
    c.jurisdiction,
    c.kind,
    c.stage,
    c.stage_rank,
    c.instrument_count,
    c.as_of_text,
    c.as_of_precision,
    c.due_text,
    c.due_precision,
    c.planned,
    c.issuer_id,
    c.description_en,
    c.description_vi,
    (
        select string_agg(fs.source_id, ', ' order by fs.source_id)
        from fact_source as fs
        where fs.fact_type = 'legal_count' and fs.fact_id = c.count_id
    ) as source_ids,
    (
        select count(*)
        from legal_count_instrument as ci
        where ci.count_id = c.count_id
    ) as n_named
from legal_count as c
where
    (len($jurisdictions) = 0 or list_contains($jurisdictions, c.jurisdiction))
    and (len($kinds) = 0 or list_contains($kinds, c.kind))
order by c.as_of_start, c.stage_rank, c.count_id
