-- Observations of other indicators shown beside a target that has none of its own, with the
-- indicator metadata that labels them as a different indicator.
with wanted as (
    select unnest($indicator_ids) as indicator_id
)

select
    o.indicator_id,
    i.label_en,
    i.label_vi,
    i.description_en,
    i.description_vi,
    i.unit,
    i.decimals,
    o.geo,
    o.period_text,
    o.period_precision,
    o.period_mid,
    o.value,
    o.value_high,
    o.measure,
    o.measure_note,
    o.source_id,
    o.confidence
from observation as o
inner join wanted as w on o.indicator_id = w.indicator_id
inner join indicator as i on o.indicator_id = i.indicator_id
order by o.indicator_id, o.period_mid, o.source_id
