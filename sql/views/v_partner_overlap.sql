-- Every pair of foreign partners: how many cooperation domains each has, how many they share,
-- which ones, and the Jaccard index (shared / union).
create view v_partner_overlap as
with pd as (
    select
        v.partner_id,
        v.domain_id
    from v_partner_domains as v
    where v.role = 'partner'
),

sizes as (
    select
        pd.partner_id,
        count(*) as n_domains
    from pd
    group by pd.partner_id
),

shared as (
    select
        x.partner_id as partner_a,
        y.partner_id as partner_b,
        count(*) as n_shared,
        string_agg(x.domain_id, ', ' order by x.domain_id) as shared_domain_ids
    from pd as x
    inner join pd as y
        on x.domain_id = y.domain_id and x.partner_id < y.partner_id
    group by x.partner_id, y.partner_id
)

select
    sa.partner_id as partner_a,
    sb.partner_id as partner_b,
    sa.n_domains as n_domains_a,
    sb.n_domains as n_domains_b,
    coalesce(sh.n_shared, 0) as n_shared,
    round(
        coalesce(sh.n_shared, 0)
        / (sa.n_domains + sb.n_domains - coalesce(sh.n_shared, 0)),
        4
    ) as jaccard,
    sh.shared_domain_ids
from sizes as sa
inner join sizes as sb on sa.partner_id < sb.partner_id
left join shared as sh
    on sa.partner_id = sh.partner_a and sb.partner_id = sh.partner_b;
