-- The points each target's chart draws: every observation of the target's indicator in its
-- territory, both figures when two sources differ for a period (APNIC beside VNNIC), and
-- whether the point counts toward the status (observations after the deadline do not).
with wanted as (
    select unnest($target_ids) as target_id
)

select
    t.target_id,
    o.observation_id,
    o.indicator_id,
    o.period_text,
    o.period_precision,
    o.period_start,
    o.period_mid,
    o.value,
    o.value_high,
    o.unit,
    o.measure,
    o.measure_note,
    o.source_id,
    o.confidence,
    coalesce(o.period_start <= t.deadline_end, true) as counts_for_status
from target as t
inner join wanted as w on t.target_id = w.target_id
inner join observation as o
    on t.indicator_id = o.indicator_id and t.scope_geo = o.geo
order by t.target_id, o.period_mid, o.measure, o.source_id
