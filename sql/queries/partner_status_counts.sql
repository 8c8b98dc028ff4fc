-- Domains per foreign partner by the most advanced status reached, with the domains and
-- sources behind each count.
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
order by v.partner_id, v.status_rank
