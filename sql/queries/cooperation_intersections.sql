-- Exact combinations of partners in the filtered cooperation matrix (UpSet intersections):
-- for each set of partners, the domains on which exactly those partners (and no other kept
-- partner) cooperate, with the sources. Same parameters and filtered links as
-- cooperation_cells. partner_ids lists the combination in id order.
with filters as (
    select
        cast($groups as varchar[]) as group_ids,
        cast($statuses as varchar[]) as statuses,
        cast($kinds as varchar[]) as kinds,
        cast($year_from as integer) as year_from,
        cast($year_to as integer) as year_to,
        cast($undated as boolean) as undated
),

links as (
    select l.*
    from cooperation_link as l
    inner join domain as d on l.domain_id = d.domain_id
    cross join filters as f
    where
        (len(f.group_ids) = 0 or list_contains(f.group_ids, d.group_id))
        and (len(f.statuses) = 0 or list_contains(f.statuses, l.status))
        and case
            when l.date_start is null then f.undated
            else
                (f.year_from is null or year(l.date_end) >= f.year_from)
                and (f.year_to is null or year(l.date_start) <= f.year_to)
        end
),

roles as (
    select
        l.partner_id as row_id,
        'partner' as role,
        l.vn_actor_id as counterpart_id,
        l.domain_id,
        l.record_id,
        l.status_rank,
        l.date_text,
        l.date_precision,
        l.date_start,
        l.date_inferred
    from links as l
    union all
    select
        l.vn_actor_id as row_id,
        'vn_actor' as role,
        l.partner_id as counterpart_id,
        l.domain_id,
        l.record_id,
        l.status_rank,
        l.date_text,
        l.date_precision,
        l.date_start,
        l.date_inferred
    from links as l
    inner join partner as a on l.vn_actor_id = a.partner_id
    where a.kind = 'city'
),

kept as (
    select r.*
    from roles as r
    inner join partner as p on r.row_id = p.partner_id
    cross join filters as f
    where
        len(f.kinds) = 0
        or list_contains(
            f.kinds, case when p.kind = 'government_body' then 'organisation' else p.kind end
        )
),

cells as (
    select distinct
        k.row_id as partner_id,
        k.domain_id
    from kept as k
),

combos as (
    select
        c.domain_id,
        count(*) as n_partners,
        string_agg(c.partner_id, ', ' order by c.partner_id) as partner_ids,
        string_agg(p.name_vi, ' + ' order by c.partner_id) as partners_vi,
        string_agg(p.name_en, ' + ' order by c.partner_id) as partners_en
    from cells as c
    inner join partner as p on c.partner_id = p.partner_id
    group by c.domain_id
),

domain_sources as (
    select
        k.domain_id,
        string_agg(distinct fs.source_id, ', ' order by fs.source_id) as source_ids
    from kept as k
    inner join fact_source as fs
        on fs.fact_type = 'link' and k.record_id = fs.fact_id
    group by k.domain_id
)

select
    cb.partner_ids,
    any_value(cb.partners_vi) as partners_vi,
    any_value(cb.partners_en) as partners_en,
    any_value(cb.n_partners) as n_partners,
    count(*) as n_domains,
    string_agg(cb.domain_id, ', ' order by cb.domain_id) as domain_ids,
    string_agg(d.label_vi, '; ' order by d.label_vi) as domains_vi,
    string_agg(d.label_en, '; ' order by d.label_en) as domains_en,
    array_to_string(
        list_sort(list_distinct(flatten(list(string_split(ds.source_ids, ', '))))), ', '
    ) as source_ids
from combos as cb
inner join domain as d on cb.domain_id = d.domain_id
left join domain_sources as ds on cb.domain_id = ds.domain_id
group by cb.partner_ids
order by n_domains desc, n_partners desc, cb.partner_ids asc
