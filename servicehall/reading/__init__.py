"""The text-reading layer (文本识读): what a report's words state, read as a person reads them.

Below both ``reports`` (the drafts' typed-number check) and ``archive`` (the importer), above
``figures`` (whose ``registry`` is the one list of figure keys the figure reader recognises).
Plain Python over text — no models, no database:

- ``numbers``: the one number pattern, Chinese numerals, units (数字、汉字数字、单位);
- ``dates``: dates and periods (日期、统计时段);
- ``lines``: text as lines and their markers (一、 /（一）/ 1. / 报：);
- ``metadata``: title, issuer, 期号, issue date and period from the head and the 落款 (报头、落款);
- ``facts``: the quantities a text states, with label, scope and comparison (文中数量) — a
  package of modules by concern, layered (its ``__init__``);
- ``figures``: SPEC.md's figure keys a text states (指标).
"""
