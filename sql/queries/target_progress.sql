-- Every target with its progress, status and the metadata of its indicator, for the overview
-- and targets pages; beside them what the targets page draws and says: the two ends of the
-- dashed linear path (the base observation's date and the deadline's last day), the precision
-- of both, the legal instrument a target rests on and its indicator's description. One read of
-- v_target_progress serves both pages.
select
    p.target_id,
    p.indicator_id,
    p.scope_geo,
    p.title_en,
    p.title_vi,
    p.comparison,
    p.value_low,
    p.value_high,
    p.deadline_text,
    p.base_period_text,
    p.base_value,
    p.latest_period_text,
    p.latest_period_precision,
    p.latest_value,
    p.latest_source_id,
    p.latest_measure,
    p.n_values_latest_period,
    p.latest_period_values,
    p.n_observations,
    p.gap,
    p.observed_pace_per_year,
    p.required_pace_per_year,
    p.pace_required_now_per_year,
    p.pace_ratio,
    p.status,
    i.label_en as indicator_label_en,
    i.label_vi as indicator_label_vi,
    i.unit,
    i.decimals,
    t.note_en,
    t.note_vi,
    t.legal_basis_id,
    t.legal_basis_text,
    (
        select string_agg(fs.source_id, ', ' order by fs.source_id)
        from fact_source as fs
        where fs.fact_type = 'target' and fs.fact_id = p.target_id
    ) as target_source_ids,
    p.deadline_end,
    t.deadline_precision,
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
inner join indicator as i on p.indicator_id = i.indicator_id
inner join target as t on p.target_id = t.target_id
left join observation as b
    on
        p.indicator_id = b.indicator_id
        and p.scope_geo = b.geo
        and p.base_period_text = b.period_text
        and p.base_source_id = b.source_id
left join legal_instrument as li on t.legal_basis_id = li.instrument_id
order by p.deadline_end nulls last, p.target_id
