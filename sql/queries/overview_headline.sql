-- Headline numbers of the overview page.
select
    (select count(distinct l.partner_id) from cooperation_link as l) as n_partners,
    (select count(distinct l.domain_id) from cooperation_link as l) as n_domains,
    (select count(*) from event) as n_events,
    (
        select count(*) from event as e
        where e.event_type in ('agreement', 'mou')
    ) as n_agreements,
    (
        select count(*) from v_legal_instruments as v
        where v.jurisdiction = 'VN' and v.kind = 'law' and v.stage in ('adopted', 'in_force')
    ) as n_laws_adopted,
    (
        select count(*) from v_legal_instruments as v
        where v.jurisdiction = 'VN' and v.kind = 'law' and v.stage = 'in_force'
    ) as n_laws_in_force,
    (select count(*) from target) as n_targets
