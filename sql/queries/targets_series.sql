-- The points each target's chart draws: every observation of the target's indicator in its
-- territory, both figures when two sources differ for a period (APNIC beside VNNIC), and
-- whether the point counts toward the status (observations after the deadline do not).
-- A target with more than $max_points observations (a monthly series over decades) is drawn as
-- yearly means instead: one row per calendar year, measure and side of the deadline, with the
-- number of values averaged, their minimum and maximum and every source behind them
-- (row_kind 'year_mean'); the observations of its latest counted period come too, not drawn,
-- for the key numbers (row_kind 'latest'). Otherwise each row is one observation.
with wanted as (
    select unnest($target_ids) as target_id
),

raw as (
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
        coalesce(o.period_start <= t.deadline_end, true) as counts_for_status,
        count(*) over (partition by t.target_id) as n_target_points
    from target as t
    inner join wanted as w on t.target_id = w.target_id
    inner join observation as o
        on t.indicator_id = o.indicator_id and t.scope_geo = o.geo
),

observed as (
    select
        r.target_id,
        r.observation_id,
        r.indicator_id,
        r.period_text,
        r.period_precision,
        r.period_start,
        r.period_mid,
        r.value,
        r.value_high,
        r.unit,
        r.measure,
        r.measure_note,
        r.source_id,
        r.confidence,
        r.counts_for_status,
        1 as n_values,
        r.value as value_min,
        r.value as value_max,
        'observation' as row_kind
    from raw as r
    where r.n_target_points <= $max_points
),

yearly as (
    select
        r.target_id,
        null as observation_id,
        any_value(r.indicator_id) as indicator_id,
        cast(year(r.period_mid) as varchar) as period_text,
        'year' as period_precision,
        make_date(year(r.period_mid), 1, 1) as period_start,
        make_date(year(r.period_mid), 7, 2) as period_mid,
        round(avg(r.value), 4) as value,
        null as value_high,
        any_value(r.unit) as unit,
        r.measure,
        null as measure_note,
        string_agg(distinct r.source_id, ', ' order by r.source_id) as source_id,
        string_agg(distinct r.confidence, ', ' order by r.confidence) as confidence,
        r.counts_for_status,
        count(*) as n_values,
        min(r.value) as value_min,
        max(r.value) as value_max,
        'year_mean' as row_kind
    from raw as r
    where r.n_target_points > $max_points
    group by r.target_id, year(r.period_mid), r.measure, r.counts_for_status
),

latest as (
    select
        r.target_id,
        r.observation_id,
        r.indicator_id,
        r.period_text,
        r.period_precision,
        r.period_start,
        r.period_mid,
        r.value,
        r.value_high,
        r.unit,
        r.measure,
        r.measure_note,
        r.source_id,
        r.confidence,
        r.counts_for_status,
        1 as n_values,
        r.value as value_min,
        r.value as value_max,
        'latest' as row_kind
    from raw as r
    where r.n_target_points > $max_points and r.counts_for_status
    qualify rank() over (partition by r.target_id order by r.period_mid desc) = 1
)

select * from observed
union all
select * from yearly
union all
select * from latest
order by target_id, row_kind = 'latest', period_mid, measure, source_id
