import json, sys
import sqlalchemy as sa
engine = sa.create_engine(sys.argv[1])
insp = sa.inspect(engine)
out = {}
out['tables'] = sorted(insp.get_table_names())
out['views'] = sorted(insp.get_view_names())
out['schemas'] = sorted(s for s in insp.get_schema_names() if not s.startswith('pg_'))
out['view_definitions'] = {v: insp.get_view_definition(v) for v in out['views']}
out['sequences'] = sorted(insp.get_sequence_names())
out['comments'] = {t: insp.get_table_comment(t) for t in out['tables']}
for t in out['tables']:
    out[t] = {
        'columns': [{k: (str(v) if k in ('type', 'default') else v) for k, v in c.items() if k != 'comment'} for c in insp.get_columns(t)],
        'pk': insp.get_pk_constraint(t),
        'fks': insp.get_foreign_keys(t),
        'indexes': sorted(insp.get_indexes(t), key=lambda i: i['name']),
        'unique': sorted(insp.get_unique_constraints(t), key=lambda i: i['name']),
        'checks': sorted(insp.get_check_constraints(t), key=lambda i: i['name']),
    }
out['has_table'] = [insp.has_table('books'), insp.has_table('nosuch')]
created = sa.MetaData()
sa.Table('books', created, autoload_with=engine)
sa.Table('tags', created, sa.Column('id', sa.Integer, primary_key=True), sa.Column('label', sa.String(50), nullable=False, unique=True),
         sa.Column('book_id', sa.Integer, sa.ForeignKey('books.id')))
created.create_all(engine)
fresh = sa.inspect(engine)
out['created'] = {'columns': [{k: str(v) for k, v in c.items() if k != 'comment'} for c in fresh.get_columns('tags')],
                  'fks': fresh.get_foreign_keys('tags'), 'unique': fresh.get_unique_constraints('tags')}
created.tables['tags'].drop(engine)
out['after_drop'] = sa.inspect(engine).has_table('tags')
md = sa.MetaData()
books = sa.Table('books', md, autoload_with=engine)
out['autoload'] = [(c.name, str(c.type), c.nullable, c.primary_key) for c in books.columns]
with engine.connect() as conn:
    out['rows'] = [list(r) for r in conn.execute(sa.select(books.c.id, books.c.title).order_by(books.c.id))]
print(json.dumps(out, indent=1, sort_keys=True, default=str))
