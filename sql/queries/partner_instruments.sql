-- Legal instruments to show on one partner's profile ($partner): those of its jurisdiction
-- (or issued by it), then Vietnamese instruments cited by the same sources as the partner's
-- cooperation links and events (relation 'cited_with_partner', with the shared sources). With
-- the stage reached today (v_legal_instruments), the date of that stage, adoption and entry
-- into force at their real precision.
with filters as (
    select cast($partner as varchar) as partner_id
),

members as (
    select p.partner_id
    from partner as p
    cross join filters as f
    where p.partner_id = f.partner_id or p.parent_partner_id = f.partner_id
),

partner_sources as (
    select fs.source_id
    from cooperation_link as l
    cross join filters as f
    inner join fact_source as fs
        on fs.fact_type = 'link' and l.record_id = fs.fact_id
    where l.partner_id = f.partner_id or l.vn_actor_id = f.partner_id
    union
    select fs.source_id
    from event_partner as ep
    inner join members as m on ep.partner_id = m.partner_id
    inner join fact_source as fs
        on fs.fact_type = 'event' and ep.event_id = fs.fact_id
),

own as (
    select
        v.instrument_id,
        'jurisdiction' as relation,
        null as shared_source_ids
    from v_legal_instruments as v
    inner join partner as p on v.jurisdiction = p.geo or v.issuer_id = p.partner_id
    cross join filters as f
    where p.partner_id = f.partner_id
),

cited as (
    select
        split_part(fs.fact_id, ':', 1) as instrument_id,
        'cited_with_partner' as relation,
        string_agg(distinct fs.source_id, ', ' order by fs.source_id) as shared_source_ids
    from fact_source as fs
    inner join partner_sources as ps on fs.source_id = ps.source_id
    where fs.fact_type in ('legal_instrument', 'legal_stage')
    group by split_part(fs.fact_id, ':', 1)
),

shown as (
    select * from own
    union all
    select c.*
    from cited as c
    inner join v_legal_instruments as v on c.instrument_id = v.instrument_id
    where
        v.jurisdiction = 'VN'
        and c.instrument_id not in (select o.instrument_id from own as o)
)

select
    v.instrument_id,
    sh.relation,
    v.jurisdiction,
    v.kind,
    v.number,
    v.title_vi,
    v.title_en,
    v.stage,
    v.stage_rank,
    case when v.stage = 'in_force' then v.effective_text else st.date_text end as stage_date_text,
    case
        when v.stage = 'in_force' then v.effective_precision else st.date_precision
    end as stage_date_precision,
    coalesce(v.stage != 'in_force' and st.date_inferred, false) as stage_date_inferred,
    v.adopted_text,
    v.adopted_precision,
    v.adopted_inferred,
    v.votes_for,
    v.votes_present,
    v.effective_text,
    v.effective_precision,
    v.n_sources,
    v.source_ids,
    sh.shared_source_ids
from shown as sh
inner join v_legal_instruments as v on sh.instrument_id = v.instrument_id
left join legal_stage as st on v.instrument_id = st.instrument_id and v.stage = st.stage
order by
    sh.relation = 'cited_with_partner' asc,
    v.stage_rank desc,
    v.adopted_start desc nulls last,
    v.instrument_id asc
