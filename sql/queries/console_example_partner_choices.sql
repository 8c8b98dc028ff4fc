-- Partners to offer for the $partner parameter of the console examples (id and names).
select distinct
    d.partner_id,
    d.partner_name_en,
    d.partner_name_vi
from v_partner_domains as d
order by d.partner_id
