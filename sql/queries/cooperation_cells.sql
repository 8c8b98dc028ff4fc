-- Cells of the partner × domain matrix under the cooperation page's filters: one row per
-- partner (or Vietnamese city acting for Vietnam, role 'vn_actor') and domain, with the most
-- advanced status among the links that pass the filters, who is on the other side, the first
-- dated record and the sources. v_partner_domains logic, recomputed on the filtered links.
-- Filters (an empty list means no filter): $groups (domain groups), $statuses, $kinds (country,
-- city, organisation; a government body counts as an organisation), $year_from and $year_to
-- (links with a known year overlapping the period), $undated (keep links whose year is
-- unknown: no date, or day and month only). group_rank and domain_rank order the columns the
-- same way under any filter: groups and domains with the most partners first.
-- $max_partners (null: all) keeps the cells of the first partners only, in the matrix's row
-- order (partner_rank: foreign partners before Vietnamese actors, most domains, most advanced
-- status, id). The page's other charts (overlap, UpSet) are computed from these rows; the
-- total_* columns count the whole filtered matrix (partners, domains, cells, sources).
with filters as (
    select
        cast($groups as varchar[]) as group_ids,
        cast($statuses as varchar[]) as statuses,
        cast($kinds as varchar[]) as kinds,
        cast($year_from as integer) as year_from,
        cast($year_to as integer) as year_to,
        cast($undated as boolean) as undated,
        cast($max_partners as integer) as max_partners
),

domain_cells as (
    select
        d.domain_id,
        d.group_id,
        count(distinct l.partner_id) as n_partners
    from domain as d
    left join cooperation_link as l on d.domain_id = l.domain_id
    group by d.domain_id, d.group_id
),

group_order as (
    select
        dc.group_id,
        row_number() over (order by sum(dc.n_partners) desc, dc.group_id asc) as group_rank
    from domain_cells as dc
    group by dc.group_id
),

domain_order as (
    select
        dc.domain_id,
        gord.group_rank,
        row_number() over (
            partition by dc.group_id order by dc.n_partners desc, dc.domain_id asc
        ) as domain_rank
    from domain_cells as dc
    inner join group_order as gord on dc.group_id = gord.group_id
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

partner_rank as (
    select
        k.row_id,
        k.role,
        row_number() over (
            order by
                k.role = 'vn_actor' asc,
                count(distinct k.domain_id) desc,
                max(k.status_rank) desc,
                k.row_id asc
        ) as partner_rank
    from kept as k
    group by k.row_id, k.role
),

kept_cells as (
    select distinct
        k.row_id,
        k.role,
        k.domain_id
    from kept as k
),

totals as (
    select
        (select count(*) from partner_rank) as total_partners,
        (select count(distinct kc.domain_id) from kept_cells as kc) as total_domains,
        (select count(*) from kept_cells) as total_cells,
        (
            select count(distinct fs.source_id)
            from kept as k
            inner join fact_source as fs
                on fs.fact_type = 'link' and k.record_id = fs.fact_id
        ) as total_sources
),

shown as (
    select
        k.*,
        pr.partner_rank
    from kept as k
    inner join partner_rank as pr on k.row_id = pr.row_id and k.role = pr.role
    cross join filters as f
    where f.max_partners is null or pr.partner_rank <= f.max_partners
),

agg as (
    select
        k.row_id,
        k.role,
        k.domain_id,
        any_value(k.partner_rank) as partner_rank,
        max(k.status_rank) as status_rank,
        list_sort(list_distinct(list(k.record_id))) as records,
        arg_min(k.date_text, k.date_start) as first_date_text,
        arg_min(k.date_precision, k.date_start) as first_date_precision,
        arg_min(k.date_inferred, k.date_start) as first_date_inferred,
        array_to_string(list_sort(list_distinct(list(k.counterpart_id))), ', ')
            as counterpart_ids,
        array_to_string(list_sort(list_distinct(list(c.name_vi))), '; ') as counterparts_vi,
        array_to_string(list_sort(list_distinct(list(c.name_en))), '; ') as counterparts_en
    from shown as k
    inner join partner as c on k.counterpart_id = c.partner_id
    group by k.row_id, k.role, k.domain_id
),

record_sources as (
    select distinct
        k.row_id,
        k.role,
        k.domain_id,
        fs.source_id
    from shown as k
    inner join fact_source as fs
        on fs.fact_type = 'link' and k.record_id = fs.fact_id
),

src as (
    select
        rs.row_id,
        rs.role,
        rs.domain_id,
        count(*) as n_sources,
        string_agg(rs.source_id, ', ' order by rs.source_id) as source_ids
    from record_sources as rs
    group by rs.row_id, rs.role, rs.domain_id
)

select
    a.row_id as partner_id,
    p.name_vi as partner_name_vi,
    p.name_en as partner_name_en,
    p.kind as partner_kind,
    a.role,
    a.partner_rank,
    a.domain_id,
    d.label_vi as domain_label_vi,
    d.label_en as domain_label_en,
    d.group_id,
    g.label_vi as group_label_vi,
    g.label_en as group_label_en,
    dord.group_rank,
    dord.domain_rank,
    a.status_rank,
    ['proposed', 'agreed', 'ongoing', 'completed'][a.status_rank] as status,
    len(a.records) as n_records,
    array_to_string(a.records, ', ') as record_ids,
    a.first_date_text,
    a.first_date_precision,
    a.first_date_inferred,
    a.counterpart_ids,
    a.counterparts_vi,
    a.counterparts_en,
    s.n_sources,
    s.source_ids,
    t.total_partners,
    t.total_domains,
    t.total_cells,
    t.total_sources
from agg as a
cross join totals as t
inner join partner as p on a.row_id = p.partner_id
inner join domain as d on a.domain_id = d.domain_id
inner join domain_group as g on d.group_id = g.group_id
inner join domain_order as dord on a.domain_id = dord.domain_id
left join src as s
    on a.row_id = s.row_id and a.role = s.role and a.domain_id = s.domain_id
order by a.partner_rank, dord.group_rank, dord.domain_rank
