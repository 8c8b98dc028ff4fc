-- Values the legal page can filter on: jurisdictions and kinds of the named instruments and of
-- the counts sources report, with how many of each.
with items as (
    select
        v.jurisdiction,
        v.kind
    from v_legal_instruments as v
    union all
    select
        c.jurisdiction,
        c.kind
    from legal_count as c
)

select
    'jurisdiction' as facet,
    i.jurisdiction as value,
    count(*) as n_items
from items as i
group by i.jurisdiction
union all
select
    'kind' as facet,
    i.kind as value,
    count(*) as n_items
from items as i
group by i.kind
order by facet asc, n_items desc, value asc
