-- Every source with the facts it supports by kind, how many of them rest on it alone, its
-- publication date at its precision (inferred or not, and why), its address or why none is
-- known, how it was read, and for a related item the article it appeared in. Most facts first.
-- The counts match v_source_coverage but take one cheap pass over fact_source: an observation
-- is cited by exactly one source (its own, see etl/transform.py), so observations are counted
-- per source without grouping by fact; only the other facts are grouped to count their sources.
with per_fact as (
    select
        fs.fact_type,
        fs.fact_id,
        count(*) as n_sources
    from fact_source as fs
    where fs.fact_type <> 'observation'
    group by fs.fact_type, fs.fact_id
),

per_source as (
    select
        fs.source_id,
        count(*) as n_facts,
        count(*) filter (where fs.fact_type = 'link') as n_links,
        count(*) filter (where fs.fact_type = 'event') as n_events,
        count(*) filter (
            where fs.fact_type in ('legal_instrument', 'legal_stage', 'legal_count')
        ) as n_legal,
        count(*) filter (where fs.fact_type = 'target') as n_targets,
        0 as n_observations,
        count(*) filter (where pf.n_sources = 1) as n_facts_only_source
    from fact_source as fs
    inner join per_fact as pf on fs.fact_type = pf.fact_type and fs.fact_id = pf.fact_id
    where fs.fact_type <> 'observation'
    group by fs.source_id
    union all
    select
        fs.source_id,
        count(*) as n_facts,
        0 as n_links,
        0 as n_events,
        0 as n_legal,
        0 as n_targets,
        count(*) as n_observations,
        count(*) as n_facts_only_source
    from fact_source as fs
    where fs.fact_type = 'observation'
    group by fs.source_id
),

counts as (
    select
        ps.source_id,
        sum(ps.n_facts) as n_facts,
        sum(ps.n_links) as n_links,
        sum(ps.n_events) as n_events,
        sum(ps.n_legal) as n_legal,
        sum(ps.n_targets) as n_targets,
        sum(ps.n_observations) as n_observations,
        sum(ps.n_facts_only_source) as n_facts_only_source
    from per_source as ps
    group by ps.source_id
)

select
    s.source_id,
    s.publisher,
    s.language,
    s.original_language,
    s.via,
    s.kind,
    s.parent_source_id,
    p.publisher as parent_publisher,
    p.published_text as parent_published_text,
    p.published_precision as parent_published_precision,
    s.published_text,
    s.published_precision,
    s.published_start,
    s.published_inferred,
    s.published_note,
    s.url,
    s.url_note,
    s.description_en,
    s.description_vi,
    cast(coalesce(c.n_facts, 0) as bigint) as n_facts,
    cast(coalesce(c.n_links, 0) as bigint) as n_links,
    cast(coalesce(c.n_events, 0) as bigint) as n_events,
    cast(coalesce(c.n_legal, 0) as bigint) as n_legal,
    cast(coalesce(c.n_targets, 0) as bigint) as n_targets,
    cast(coalesce(c.n_observations, 0) as bigint) as n_observations,
    cast(coalesce(c.n_facts_only_source, 0) as bigint) as n_facts_only_source
from source as s
left join counts as c on s.source_id = c.source_id
left join source as p on s.parent_source_id = p.source_id
order by n_facts desc, s.published_start asc nulls last, s.source_id asc
