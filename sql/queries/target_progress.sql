-- Every target with its progress, status and the metadata of its indicator, for the overview
-- and targets pages.
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
    ) as target_source_ids
from v_target_progress as p
inner join indicator as i on p.indicator_id = i.indicator_id
inner join target as t on p.target_id = t.target_id
order by p.deadline_end nulls last, p.target_id
