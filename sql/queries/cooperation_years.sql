-- The period the cooperation links cover, for the period filter: first and last year of the
-- links with a known year, and how many links have no known year (no date, or day and month
-- only).
select
    min(year(l.date_start)) as first_year,
    max(year(l.date_end)) as last_year,
    count(*) filter (where l.date_start is not null) as n_dated,
    count(*) filter (where l.date_start is null) as n_undated
from cooperation_link as l
