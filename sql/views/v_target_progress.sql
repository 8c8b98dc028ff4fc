-- Progress toward each target, classed by the SDSN trend method (docs/target-status-method.md):
-- observed pace since the base observation divided by the linear pace required from it to the
-- deadline. >= 1 on track, 0.5-1 moderately improving, 0-0.5 stagnating, < 0 decreasing;
-- achieved once the latest value meets the target; fewer than two observations in the trend
-- window gives insufficient_data, none at all no_measurement.
create view v_target_progress as
with obs as (
    -- one figure per indicator, territory and period: highest confidence, then the lower value
    -- (only the indicator and territory pairs some target measures)
    select o.*
    from observation as o
    semi join target as tg on o.indicator_id = tg.indicator_id and o.geo = tg.scope_geo
    qualify row_number() over (
        partition by o.indicator_id, o.geo, o.period_start, o.period_end
        order by o.confidence_rank, o.value, o.source_id
    ) = 1
),

t as (
    select
        tg.*,
        tg.value_low as goal,
        case when tg.comparison in ('at_most', 'rank_at_most') then -1 else 1 end as sense
    from target as tg
),

windowed as (
    -- the observations that count for a target: those up to its deadline
    select
        t.target_id,
        o.period_text,
        o.period_precision,
        o.period_mid,
        o.value,
        o.source_id,
        o.measure
    from t
    inner join obs as o
        on t.indicator_id = o.indicator_id and t.scope_geo = o.geo
    where t.deadline_end is null or o.period_start <= t.deadline_end
),

latest as (
    select w.*
    from windowed as w
    qualify row_number() over (partition by w.target_id order by w.period_mid desc) = 1
),

base as (
    -- the fixed base period when the target sets one, else the first point of the last 5 years
    select w.*
    from windowed as w
    inner join t on w.target_id = t.target_id
    inner join latest as l on w.target_id = l.target_id
    where
        w.period_mid >= coalesce(
            t.base_period_start, cast(l.period_mid - interval 5 year as date)
        )
    qualify row_number() over (partition by w.target_id order by w.period_mid) = 1
),

counts as (
    select
        w.target_id,
        count(*) as n_observations,
        count(*) filter (where w.period_mid >= b.period_mid) as n_trend_points
    from windowed as w
    left join base as b on w.target_id = b.target_id
    group by w.target_id
),

same_period as (
    -- every figure reported for the latest period, e.g. APNIC's beside VNNIC's
    select
        l.target_id,
        count(*) as n_values_latest_period,
        string_agg(
            cast(o.value as varchar) || ' (' || o.measure || ', ' || o.source_id || ')',
            '; ' order by o.value
        ) as latest_period_values
    from latest as l
    inner join t on l.target_id = t.target_id
    inner join observation as o
        on
            t.indicator_id = o.indicator_id
            and t.scope_geo = o.geo
            and l.period_text = o.period_text
    group by l.target_id
),

calc as (
    select
        t.target_id,
        t.indicator_id,
        t.scope_geo,
        t.title_en,
        t.title_vi,
        t.comparison,
        t.value_low,
        t.value_high,
        t.goal,
        t.sense,
        t.deadline_text,
        t.deadline_end,
        b.period_text as base_period_text,
        b.period_mid as base_period_mid,
        b.value as base_value,
        b.source_id as base_source_id,
        l.period_text as latest_period_text,
        l.period_precision as latest_period_precision,
        l.period_mid as latest_period_mid,
        l.value as latest_value,
        l.source_id as latest_source_id,
        l.measure as latest_measure,
        sp.n_values_latest_period,
        sp.latest_period_values,
        coalesce(c.n_observations, 0) as n_observations,
        coalesce(c.n_trend_points, 0) as n_trend_points,
        date_diff('day', b.period_mid, l.period_mid) / 365.25 as years_observed,
        date_diff('day', b.period_mid, t.deadline_end) / 365.25 as years_base_to_deadline,
        date_diff('day', l.period_mid, t.deadline_end) / 365.25 as years_latest_to_deadline
    from t
    left join latest as l on t.target_id = l.target_id
    left join base as b on t.target_id = b.target_id
    left join counts as c on t.target_id = c.target_id
    left join same_period as sp on t.target_id = sp.target_id
),

paced as (
    select
        calc.*,
        calc.sense * (calc.latest_value - calc.goal) >= 0 as achieved,
        calc.goal - calc.latest_value as gap,
        case
            when calc.years_observed > 0
                then (calc.latest_value - calc.base_value) / calc.years_observed
        end as observed_pace_per_year,
        case
            when calc.years_base_to_deadline > 0
                then (calc.goal - calc.base_value) / calc.years_base_to_deadline
        end as required_pace_per_year,
        case
            when
                calc.sense * (calc.latest_value - calc.goal) < 0
                and calc.deadline_end >= current_date
                and calc.years_latest_to_deadline > 0
                then (calc.goal - calc.latest_value) / calc.years_latest_to_deadline
        end as pace_required_now_per_year
    from calc
),

rated as (
    select
        paced.*,
        case
            when paced.sense * paced.required_pace_per_year > 0
                then paced.observed_pace_per_year / paced.required_pace_per_year
        end as pace_ratio
    from paced
)

select
    r.target_id,
    r.indicator_id,
    r.scope_geo,
    r.title_en,
    r.title_vi,
    r.comparison,
    r.value_low,
    r.value_high,
    r.deadline_text,
    r.deadline_end,
    r.base_period_text,
    r.base_value,
    r.base_source_id,
    r.latest_period_text,
    r.latest_period_precision,
    r.latest_value,
    r.latest_source_id,
    r.latest_measure,
    r.n_values_latest_period,
    r.latest_period_values,
    r.n_observations,
    r.n_trend_points,
    r.gap,
    round(r.observed_pace_per_year, 4) as observed_pace_per_year,
    round(r.required_pace_per_year, 4) as required_pace_per_year,
    round(r.pace_required_now_per_year, 4) as pace_required_now_per_year,
    round(r.pace_ratio, 4) as pace_ratio,
    case
        when r.n_observations = 0 then 'no_measurement'
        when r.achieved then 'achieved'
        when r.deadline_end < current_date then 'not_achieved'
        when
            r.deadline_end is null or r.n_trend_points < 2 or r.years_observed <= 0
            then 'insufficient_data'
        when r.pace_ratio is null then 'decreasing'
        when r.pace_ratio >= 1 then 'on_track'
        when r.pace_ratio >= 0.5 then 'moderately_improving'
        when r.pace_ratio >= 0 then 'stagnating'
        else 'decreasing'
    end as status,
    'SDSN trend: observed / required linear pace' as status_method
from rated as r;
