-- Every pair of partners in the filtered cooperation matrix: how many domains each has, how
-- many they share, which ones, and the Jaccard index (shared / union). v_partner_overlap logic,
-- recomputed under the cooperation page's filters (same parameters and filtered links as
-- cooperation_cells, so a Vietnamese city acting for Vietnam takes part when kept). Pairs come
-- once, partner_a < partner_b; source_ids are the sources of both partners' cells.
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

cell_sources as (
    select distinct
        k.row_id as partner_id,
        fs.source_id
    from kept as k
    inner join fact_source as fs
        on fs.fact_type = 'link' and k.record_id = fs.fact_id
),

sizes as (
    select
        c.partner_id,
        count(*) as n_domains
    from cells as c
    group by c.partner_id
),

shared as (
    select
        x.partner_id as partner_a,
        y.partner_id as partner_b,
        count(*) as n_shared,
        string_agg(x.domain_id, ', ' order by x.domain_id) as shared_domain_ids,
        string_agg(d.label_vi, '; ' order by d.label_vi) as shared_domains_vi,
        string_agg(d.label_en, '; ' order by d.label_en) as shared_domains_en
    from cells as x
    inner join cells as y
        on x.domain_id = y.domain_id and x.partner_id < y.partner_id
    inner join domain as d on x.domain_id = d.domain_id
    group by x.partner_id, y.partner_id
),

pair_sources as (
    select
        sa.partner_id as partner_a,
        sb.partner_id as partner_b,
        string_agg(distinct cs.source_id, ', ' order by cs.source_id) as source_ids
    from sizes as sa
    inner join sizes as sb on sa.partner_id < sb.partner_id
    inner join cell_sources as cs
        on sa.partner_id = cs.partner_id or sb.partner_id = cs.partner_id
    group by sa.partner_id, sb.partner_id
)

select
    sa.partner_id as partner_a,
    sb.partner_id as partner_b,
    pa.name_vi as partner_a_name_vi,
    pa.name_en as partner_a_name_en,
    pb.name_vi as partner_b_name_vi,
    pb.name_en as partner_b_name_en,
    sa.n_domains as n_domains_a,
    sb.n_domains as n_domains_b,
    coalesce(sh.n_shared, 0) as n_shared,
    sa.n_domains + sb.n_domains - coalesce(sh.n_shared, 0) as n_union,
    round(
        coalesce(sh.n_shared, 0)
        / (sa.n_domains + sb.n_domains - coalesce(sh.n_shared, 0)),
        4
    ) as jaccard,
    sh.shared_domain_ids,
    sh.shared_domains_vi,
    sh.shared_domains_en,
    ps.source_ids
from sizes as sa
inner join sizes as sb on sa.partner_id < sb.partner_id
inner join partner as pa on sa.partner_id = pa.partner_id
inner join partner as pb on sb.partner_id = pb.partner_id
left join shared as sh
    on sa.partner_id = sh.partner_a and sb.partner_id = sh.partner_b
left join pair_sources as ps
    on sa.partner_id = ps.partner_a and sb.partner_id = ps.partner_b
order by sa.partner_id, sb.partner_id
