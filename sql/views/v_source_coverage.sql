-- Facts per source: how many facts of each kind each source supports, and how many of them rest
-- on this source alone.
create view v_source_coverage as
with per_fact as (
    select
        fs.fact_type,
        fs.fact_id,
        count(*) as n_sources
    from fact_source as fs
    group by fs.fact_type, fs.fact_id
)

select
    s.source_id,
    s.publisher,
    s.language,
    s.kind,
    s.published_text,
    s.published_precision,
    s.url,
    count(fs.fact_id) as n_facts,
    count(fs.fact_id) filter (where fs.fact_type = 'link') as n_links,
    count(fs.fact_id) filter (where fs.fact_type = 'event') as n_events,
    count(fs.fact_id) filter (
        where fs.fact_type in ('legal_instrument', 'legal_stage', 'legal_count')
    ) as n_legal,
    count(fs.fact_id) filter (where fs.fact_type = 'target') as n_targets,
    count(fs.fact_id) filter (where fs.fact_type = 'observation') as n_observations,
    count(fs.fact_id) filter (where pf.n_sources = 1) as n_facts_only_source
from source as s
left join fact_source as fs on s.source_id = fs.source_id
left join per_fact as pf
    on fs.fact_type = pf.fact_type and fs.fact_id = pf.fact_id
group by
    s.source_id, s.publisher, s.language, s.kind, s.published_text,
    s.published_precision, s.url;
