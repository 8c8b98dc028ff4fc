-- Console example: the national targets in one status class, with the latest measurement.
select
    t.target_id,
    t.title_en,
    t.title_vi,
    t.latest_value,
    t.latest_period_text,
    t.value_low,
    t.deadline_text,
    t.status
from v_target_progress as t
where t.status = $status
order by t.deadline_end nulls last, t.target_id
