-- Named legal instruments by jurisdiction and the stage reached today (v_legal_instruments, the
-- 'named' basis of v_legal_pipeline), for the selected jurisdictions and kinds (empty = all).
select
    v.jurisdiction,
    v.stage,
    v.stage_rank,
    count(*) as n_instruments,
    string_agg(v.instrument_id, ', ' order by v.adopted_start nulls last, v.instrument_id)
        as instrument_ids,
    string_agg(v.title_en, ' | ' order by v.adopted_start nulls last, v.instrument_id)
        as titles_en,
    string_agg(v.title_vi, ' | ' order by v.adopted_start nulls last, v.instrument_id)
        as titles_vi,
    array_to_string(
        list_sort(list_distinct(flatten(list(string_split(v.source_ids, ', '))))), ', '
    ) as source_ids
from v_legal_instruments as v
where
    (len($jurisdictions) = 0 or list_contains($jurisdictions, v.jurisdiction))
    and (len($kinds) = 0 or list_contains($kinds, v.kind))
group by v.jurisdiction, v.stage, v.stage_rank
order by v.jurisdiction = 'VN' desc, v.jurisdiction asc, v.stage_rank asc
