"""desk.services: the use cases, one function per use case, one transaction each.

One subpackage per capability; each ``__init__`` names its use cases and re-exports its
public functions, and everything outside a subpackage (other subpackages, ``desk.demo``,
``desk.cli``, ``desk.ui``) imports through that ``__init__`` only (import-linter):

- :mod:`.cases` — case documents in and out, stored cases, their assessments;
- :mod:`.screening` — restricted-party list versions and screening against them (one
  subpackage: importing a version re-screens, and screening reads the versions);
- :mod:`.reviews` — the case's statuses, the review steps, licences and evidence;
- :mod:`.registers` — reading the registries for the app's tables and detail panes;
- :mod:`.records` — the PDF records: issuing, verifying, the annual audit report.
- :mod:`.goods` — shipments of goods (貨物) in and out, their assessments, the goods
  register and the 非該当証明書 (beside :mod:`.cases`, over :mod:`.screening`).

They depend on each other in one direction (records | registers > reviews > cases >
screening), over the shared infrastructure at the top level: :mod:`.context` (the
:class:`~desk.services.context.ServiceContext` every use case takes, and the audit trail
it writes), :mod:`.database` (the database's schema revision) and :mod:`.stats` (counts).

There is no ``audit`` subpackage: writing the audit trail is part of every use case's
transaction (``ctx.audit``), and nothing reads the trail back yet except the records
(:mod:`.records`); a reader of the trail will be its room when it comes.
"""
