create table domain_group (
    group_id varchar primary key,
    label_vi varchar not null,
    label_en varchar not null
);
