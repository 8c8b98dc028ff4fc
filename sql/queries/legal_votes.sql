-- The named laws of the selected jurisdictions that have been adopted (none when the selected
-- kinds leave out laws), oldest adoption first: adoption date at its precision (inferred or
-- not, and why), the vote where known, date in force, stage today and sources.
with picked as (
    select v.*
    from v_legal_instruments as v
    where
        v.stage_rank >= 4
        and v.kind = 'law'
        and (len($jurisdictions) = 0 or list_contains($jurisdictions, v.jurisdiction))
        and (len($kinds) = 0 or list_contains($kinds, v.kind))
)

select
    p.instrument_id,
    p.jurisdiction,
    p.kind,
    p.number,
    p.title_en,
    p.title_vi,
    p.stage,
    p.stage_rank,
    p.adopted_text,
    p.adopted_precision,
    p.adopted_start,
    coalesce(p.adopted_inferred, false) as adopted_inferred,
    s.date_note as adopted_note,
    p.votes_for,
    p.votes_present,
    p.votes_for_pct,
    p.effective_text,
    p.effective_precision,
    p.effective_start,
    p.n_sources,
    p.source_ids
from picked as p
left join legal_stage as s
    on p.instrument_id = s.instrument_id and s.stage = 'adopted'
order by p.adopted_start asc nulls last, p.jurisdiction = 'VN' desc, p.title_en asc
