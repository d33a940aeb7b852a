"""Pages of the weekly report (周报页面), one module per concern.

``issues``: list, detail, downloads; ``editing``: drafting and paragraph edits; ``review``: the
workflow steps; ``layouts``: series layouts and wording; ``archive``: past-report uploads and
their background job; ``trends``: figures across issues. Who may do what comes from
``reports.workflow``; the views only ask it.
"""
