-- Console example: the domains one partner cooperates on, most advanced status first.
select
    d.partner_name_en,
    d.domain_label_en,
    d.domain_label_vi,
    d.status,
    d.first_date,
    d.counterpart_ids,
    d.source_ids
from v_partner_domains as d
where d.partner_id = $partner
order by d.status_rank desc, d.domain_label_en asc
