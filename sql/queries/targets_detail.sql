-- What the targets page needs beside target_progress: the two ends of the dashed linear path
-- (the base observation's date and the deadline's last day), the precision of both, the legal
-- instrument a target rests on and its indicator's description.
select
    p.target_id,
    p.deadline_end,
    tg.deadline_precision,
    b.period_mid as base_period_mid,
    b.period_precision as base_period_precision,
    b.measure as base_measure,
    p.base_source_id,
    li.kind as legal_basis_kind,
    li.number as legal_basis_number,
    li.title_en as legal_basis_title_en,
    li.title_vi as legal_basis_title_vi,
    i.description_en as indicator_description_en,
    i.description_vi as indicator_description_vi
from v_target_progress as p
inner join target as tg on p.target_id = tg.target_id
inner join indicator as i on p.indicator_id = i.indicator_id
left join observation as b
    on
        p.indicator_id = b.indicator_id
        and p.scope_geo = b.geo
        and p.base_period_text = b.period_text
        and p.base_source_id = b.source_id
left join legal_instrument as li on tg.legal_basis_id = li.instrument_id
order by p.target_id
