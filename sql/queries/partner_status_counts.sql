-- Domains per foreign partner by the most advanced status reached, with the domains and
-- sources behind each count; partner_rank orders the partners by their number of domains in
-- all (most first, then by id), so a chart can show the first few.
with counts as (
    select
        v.partner_id,
        v.partner_name_en,
        v.partner_name_vi,
        v.partner_kind,
        v.status,
        v.status_rank,
        count(*) as n_domains,
        string_agg(v.domain_label_en, ', ' order by v.domain_label_en) as domains_en,
        string_agg(v.domain_label_vi, ', ' order by v.domain_label_vi) as domains_vi,
        string_agg(distinct v.source_ids, ', ') as source_ids
    from v_partner_domains as v
    where v.role = 'partner'
    group by all
),

totals as (
    select
        c.*,
        cast(sum(c.n_domains) over (partition by c.partner_id) as bigint) as partner_domains
    from counts as c
)

select
    t.*,
    dense_rank() over (
        order by t.partner_domains desc, t.partner_id asc
    ) as partner_rank
from totals as t
order by t.partner_id, t.status_rank
