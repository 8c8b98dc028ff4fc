-- How many facts of each type are backed by one, two, or three or more sources: all of them, and
-- those of the selected fact types and corroboration classes (empty = all) matching a search text
-- (as in sources_facts); for each group the first facts (by id) with their labels, and the
-- sources of its selected facts (how many, and the first ones by id). Only the facts other than
-- observations are grouped to count their sources: an observation is cited by exactly one
-- source (its own, see etl/transform.py). A search matches the small tables (indicators,
-- sources, territories, periods) before the observations.
with words as (
    -- a word begins a word of a text when ' ' and the word, each character other than a-z and
    -- 0-9 followed by a space, is in ' ' and the text written the same way (lowercase, no
    -- accents): no regular expression per row
    select distinct
        strip_accents(lower(u.word)) as word,
        ' ' || regexp_replace(strip_accents(lower(u.word)), '([^a-z0-9])', '\1 ', 'g') as needle
    from (select unnest(string_split(trim(coalesce($search, '')), ' ')) as word) as u
    where u.word <> ''
),

observation_words as (
    -- the words, when observations are wanted at all (searched only then)
    select w.*
    from words as w
    where
        (len($fact_types) = 0 or list_contains($fact_types, 'observation'))
        and (len($corroboration) = 0 or list_contains($corroboration, 'single_source'))
),

per_fact as materialized (
    -- the facts other than observations (few), with their number of sources
    select
        fs.fact_type,
        fs.fact_id,
        count(*) as n_sources,
        min(fs.source_id) as first_source_id,
        string_agg(fs.source_id, ' ') as source_text
    from fact_source as fs
    where fs.fact_type <> 'observation'
    group by fs.fact_type, fs.fact_id
),

labels as not materialized (
    select
        'link' as fact_type,
        l.record_id as fact_id,
        any_value(p.name_en) || ': ' || any_value(l.note_en) as label_en,
        any_value(p.name_vi) || ': ' || any_value(l.note_vi) as label_vi
    from cooperation_link as l
    inner join partner as p on l.partner_id = p.partner_id
    group by l.record_id
    union all
    select
        'event' as fact_type,
        e.event_id as fact_id,
        e.title_en as label_en,
        e.title_vi as label_vi
    from event as e
    union all
    select
        'legal_instrument' as fact_type,
        i.instrument_id as fact_id,
        i.title_en as label_en,
        i.title_vi as label_vi
    from legal_instrument as i
    union all
    select
        'legal_stage' as fact_type,
        s.instrument_id || ':' || s.stage as fact_id,
        i.title_en || ' (' || s.stage || ')' as label_en,
        i.title_vi || ' (' || s.stage || ')' as label_vi
    from legal_stage as s
    inner join legal_instrument as i on s.instrument_id = i.instrument_id
    union all
    select
        'legal_count' as fact_type,
        c.count_id as fact_id,
        c.description_en as label_en,
        c.description_vi as label_vi
    from legal_count as c
    union all
    select
        'target' as fact_type,
        t.target_id as fact_id,
        t.title_en as label_en,
        t.title_vi as label_vi
    from target as t
),

matched as (
    -- facts other than observations whose text has every word at the start of one of its words
    select
        pf.fact_type,
        pf.fact_id
    from per_fact as pf
    inner join labels as lb on pf.fact_type = lb.fact_type and pf.fact_id = lb.fact_id
    inner join words as w
        on contains(
            ' ' || regexp_replace(
                strip_accents(
                    lower(concat_ws(' ', lb.label_vi, lb.label_en, pf.fact_id, pf.source_text))
                ),
                '([^a-z0-9])',
                '\1 ',
                'g'
            ),
            w.needle
        )
    group by pf.fact_type, pf.fact_id
    having count(*) = (select count(*) from words)
),

parts as (
    -- the parts of an observation's text that small tables hold: its indicator's labels and id,
    -- its source, territory and period; only when there are words and observations are wanted
    select
        'indicator' as part,
        i.indicator_id as value,
        concat_ws(' ', i.label_vi, i.label_en, i.indicator_id) as text
    from indicator as i
    where exists (select 1 from observation_words)
    union all
    select
        'source' as part,
        s.source_id as value,
        s.source_id as text
    from source as s
    where exists (select 1 from observation_words)
    union all
    select
        d.part,
        d.value,
        d.value as text
    from (
        select distinct
            unnest(['geo', 'period']) as part,
            unnest([g.geo, g.period_text]) as value
        from (
            select
                o.geo,
                o.period_text
            from observation as o
            where exists (select 1 from observation_words)
            group by o.geo, o.period_text
        ) as g
    ) as d
),

word_hits as (
    -- an observation's text is its indicator's labels and id, period, value, territory and
    -- source: a word without ',' or ':' begins a word of it exactly when it begins a word of one
    -- of these parts, so it is matched against the small tables first, and against each
    -- observation's value (or whole text) only when it could begin a number (or spans parts)
    select
        w.word,
        p.part,
        p.value
    from parts as p
    inner join observation_words as w
        on contains(
            ' ' || regexp_replace(strip_accents(lower(p.text)), '([^a-z0-9])', '\1 ', 'g'),
            w.needle
        )
),

observation_hits as (
    select
        o.observation_id,
        o.source_id,
        h.word
    from observation as o
    inner join word_hits as h on h.part = 'indicator' and o.indicator_id = h.value
    union all
    select
        o.observation_id,
        o.source_id,
        h.word
    from observation as o
    inner join word_hits as h on h.part = 'source' and o.source_id = h.value
    union all
    select
        o.observation_id,
        o.source_id,
        h.word
    from observation as o
    inner join word_hits as h on h.part = 'geo' and o.geo = h.value
    union all
    select
        o.observation_id,
        o.source_id,
        h.word
    from observation as o
    inner join word_hits as h on h.part = 'period' and o.period_text = h.value
    union all
    select
        o.observation_id,
        o.source_id,
        w.word
    from observation as o
    inner join observation_words as w
        on
            regexp_matches(w.word, '^[^a-z]|^(i|in|inf|n|na|nan)$')
            and (
                starts_with(cast(o.value as varchar), w.word)
                or contains(cast(o.value as varchar), '.' || w.word)
                or contains(cast(o.value as varchar), '-' || w.word)
                or contains(cast(o.value as varchar), '+' || w.word)
            )
    union all
    select
        o.observation_id,
        o.source_id,
        w.word
    from observation as o
    inner join indicator as i on o.indicator_id = i.indicator_id
    inner join observation_words as w
        on
            regexp_matches(w.word, '[,:]')
            and contains(
                ' ' || regexp_replace(
                    strip_accents(
                        lower(
                            concat_ws(
                                ' ',
                                i.label_vi || ', ' || o.period_text || ': '
                                || cast(o.value as varchar),
                                i.label_en || ', ' || o.period_text || ': '
                                || cast(o.value as varchar),
                                o.observation_id,
                                o.source_id
                            )
                        )
                    ),
                    '([^a-z0-9])',
                    '\1 ',
                    'g'
                ),
                w.needle
            )
),

observation_matched as (
    select
        oh.observation_id as fact_id,
        any_value(oh.source_id) as source_id
    from observation_hits as oh
    group by oh.observation_id
    having count(distinct oh.word) = (select count(*) from observation_words)
),

flagged as (
    -- facts other than observations, with their class and whether they are selected
    select
        pf.fact_type,
        pf.fact_id,
        pf.n_sources,
        pf.first_source_id,
        case when pf.n_sources = 1 then '1' when pf.n_sources = 2 then '2' else '3+' end as bucket,
        (len($fact_types) = 0 or list_contains($fact_types, pf.fact_type))
        and (
            len($corroboration) = 0
            or list_contains(
                $corroboration,
                case when pf.n_sources > 1 then 'multiple_sources' else 'single_source' end
            )
        )
        and (
            not exists (select 1 from words)
            or exists (
                select 1
                from matched as m
                where m.fact_type = pf.fact_type and m.fact_id = pf.fact_id
            )
        ) as selected
    from per_fact as pf
),

observations_on as (
    -- observations are selected at all: each has one source
    select
        (len($fact_types) = 0 or list_contains($fact_types, 'observation'))
        and (len($corroboration) = 0 or list_contains($corroboration, 'single_source')) as wanted
),

observation_found as not materialized (
    -- the selected observations: all of them, or those the search found
    select
        fs.fact_id,
        fs.source_id
    from fact_source as fs
    where
        fs.fact_type = 'observation'
        and (select o.wanted from observations_on as o)
        and not exists (select 1 from words)
    union all
    select
        om.fact_id,
        om.source_id
    from observation_matched as om
    where (select o.wanted from observations_on as o)
),

observation_sources as (
    -- the sources of the selected observations
    select
        f.source_id,
        count(*) as n_facts
    from observation_found as f
    group by f.source_id
),

groups as (
    select
        f.fact_type,
        f.bucket,
        count(*) as n_all,
        count(*) filter (where f.selected) as n_facts,
        min(f.fact_id, $sample) filter (where f.selected) as sample_ids
    from flagged as f
    group by f.fact_type, f.bucket
    union all
    select
        'observation' as fact_type,
        '1' as bucket,
        count(*) as n_all,
        (select coalesce(sum(s.n_facts), 0) from observation_sources as s) as n_facts,
        (
            select list(x.fact_id order by x.fact_id)
            from (
                select f.fact_id
                from observation_found as f
                order by f.fact_id
                limit $sample
            ) as x
        ) as sample_ids
    from fact_source as fs
    where fs.fact_type = 'observation'
    having count(*) > 0
),

group_sources as (
    -- a single-source fact's source is known; the others (never observations) are looked up
    select
        f.fact_type,
        f.bucket,
        f.first_source_id as source_id
    from flagged as f
    where f.selected and f.n_sources = 1
    union all
    select
        f.fact_type,
        f.bucket,
        fs.source_id
    from flagged as f
    inner join fact_source as fs on f.fact_type = fs.fact_type and f.fact_id = fs.fact_id
    where f.selected and f.n_sources > 1 and fs.fact_type <> 'observation'
    union all
    select
        'observation' as fact_type,
        '1' as bucket,
        s.source_id
    from observation_sources as s
),

source_lists as (
    select
        gs.fact_type,
        gs.bucket,
        count(distinct gs.source_id) as n_source_ids,
        array_to_string(list_sort(min(distinct gs.source_id, $sample_sources)), ', ') as source_ids
    from group_sources as gs
    group by gs.fact_type, gs.bucket
),

samples as (
    select
        g.fact_type,
        g.bucket,
        s.fact_id,
        s.i
    from groups as g,
        unnest(g.sample_ids) with ordinality as s (fact_id, i)
),

sample_texts as (
    select
        lb.fact_type,
        lb.fact_id,
        lb.label_en,
        lb.label_vi
    from labels as lb
    inner join samples as s on lb.fact_type = s.fact_type and lb.fact_id = s.fact_id
    union all
    select
        'observation' as fact_type,
        o.observation_id as fact_id,
        ind.label_en || ', ' || o.period_text || ': ' || cast(o.value as varchar) as label_en,
        ind.label_vi || ', ' || o.period_text || ': ' || cast(o.value as varchar) as label_vi
    from observation as o
    inner join indicator as ind on o.indicator_id = ind.indicator_id
    inner join samples as s on s.fact_type = 'observation' and o.observation_id = s.fact_id
),

sample_labels as (
    select
        s.fact_type,
        s.bucket,
        list(coalesce(lb.label_en, s.fact_id) order by s.i) as sample_labels_en,
        list(coalesce(lb.label_vi, s.fact_id) order by s.i) as sample_labels_vi
    from samples as s
    left join sample_texts as lb on s.fact_type = lb.fact_type and s.fact_id = lb.fact_id
    group by s.fact_type, s.bucket
)

select
    g.fact_type,
    g.bucket,
    g.n_all,
    g.n_facts,
    coalesce(g.sample_ids, []) as sample_ids,
    coalesce(sl.sample_labels_en, []) as sample_labels_en,
    coalesce(sl.sample_labels_vi, []) as sample_labels_vi,
    coalesce(so.n_source_ids, 0) as n_source_ids,
    so.source_ids
from groups as g
left join sample_labels as sl on g.fact_type = sl.fact_type and g.bucket = sl.bucket
left join source_lists as so on g.fact_type = so.fact_type and g.bucket = so.bucket
order by g.fact_type, g.bucket
