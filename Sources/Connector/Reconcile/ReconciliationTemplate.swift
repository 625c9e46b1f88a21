/// The reconciliation report template built into the binary, used when
/// `templates/reconciliation.mustache` is not found. It is the same text as that file (a test
/// keeps the two identical): edit the file, then copy it here.
enum ReconciliationTemplate {
    static let embedded = #"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Reconciliation {{runID}} ({{company}})</title>
<style>
  body { font: 14px/1.45 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1a1a1a;
         margin: 2rem auto; max-width: 1180px; padding: 0 1rem; }
  h1 { font-size: 1.5rem; margin: 0 0 .2rem; }
  h2 { font-size: 1.15rem; margin: 1.6rem 0 .4rem; border-bottom: 1px solid #999; padding-bottom: .15rem; }
  .meta { color: #555; margin: 0; }
  .headline { font-size: 1.35rem; font-weight: 700; padding: .7rem 1rem; border: 2px solid; border-radius: 6px; margin: 1rem 0; }
  .headline.ok { border-color: #2e7d32; color: #1b5e20; background: #eef7ef; }
  .headline.attention { border-color: #c62828; color: #8e1c1c; background: #fdf0f0; }
  table { border-collapse: collapse; width: 100%; margin: .3rem 0 1rem; }
  th, td { border-bottom: 1px solid #d0d0d0; padding: .3rem .5rem; text-align: left; vertical-align: top; }
  thead th { border-bottom: 2px solid #333; font-weight: 600; }
  .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  tr.differs td { font-weight: 700; }
  tr.differs td.mark::before { content: "\2260 "; }
  .kind { white-space: nowrap; }
  .type { font-weight: 700; white-space: nowrap; }
  .fix { margin-top: .25rem; }
  .fix strong { font-weight: 700; }
  .muted { color: #666; }
  td.held { white-space: nowrap; }
  .none { color: #555; font-style: italic; }
  code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .92em; }
  @media print {
    body { margin: 0; max-width: none; font-size: 9.5pt; }
    .headline { background: none !important; }
    thead { display: table-header-group; }
    tr, td, th { break-inside: avoid; page-break-inside: avoid; }
    h2 { break-after: avoid; page-break-after: avoid; }
  }
</style>
</head>
<body>
<h1>Reconciliation: Procore to Sage 100</h1>
<p class="meta">Company <strong>{{company}}</strong> &middot; run <code>{{runID}}</code> &middot; generated {{generatedAt}} (UTC)</p>

<p class="headline {{#reconciled}}ok{{/reconciled}}{{^reconciled}}attention{{/reconciled}}">{{headline}}</p>
<p class="meta">{{totalsLine}}</p>

<h2>Summary by document kind</h2>
<table>
<thead><tr><th>Kind</th><th class="num">Documents (source)</th><th class="num">Documents (Sage)</th><th class="num">Source total</th><th class="num">Sage total</th><th class="num">Difference</th></tr></thead>
<tbody>
{{#summary}}
<tr class="{{#differs}}differs{{/differs}}"><td class="kind mark">{{kind}}</td><td class="num">{{sourceDocuments}}</td><td class="num">{{postedDocuments}}</td><td class="num">{{sourceTotal}}</td><td class="num">{{postedTotal}}</td><td class="num">{{difference}}</td></tr>
{{/summary}}
{{^summary}}
<tr><td colspan="6" class="none">The run has no batches.</td></tr>
{{/summary}}
</tbody>
</table>

{{#hasRootCauses}}
<p class="meta"><strong>Held back:</strong> {{heldBack}}</p>
<h2>Root causes ({{rootCauseCount}})</h2>
<p class="muted">Each cause once, with the records it holds back: those refused for it, and those refused only because one of them was (a check whose invoice was refused, a change order whose commitment was). Fixing the cause releases them all: fill in <code>fixes.csv</code> beside this report and drop it into <code>inbox/</code>.</p>
<table>
<thead><tr><th>Problem</th><th>Cause (it says what to fix)</th><th class="num">Records</th><th>Held back</th></tr></thead>
<tbody>
{{#rootCauses}}
<tr><td class="type">{{title}}</td><td>{{cause}}<div class="muted">e.g. {{example}}</div></td><td class="num">{{records}}{{#blocked}}<br><span class="muted">+&nbsp;{{blocked}}&nbsp;blocked</span>{{/blocked}}</td><td class="held">{{#held}}<div>{{line}}</div>{{/held}}<span class="muted">e.g. record {{examples}}</span></td></tr>
{{/rootCauses}}
</tbody>
</table>
{{/hasRootCauses}}

<h2>Exceptions ({{exceptionCount}})</h2>
{{#hasExceptions}}
<table>
<thead><tr><th>Problem</th><th>Record</th><th>Vendor / job</th><th class="num">Source</th><th class="num">Sage</th><th>What happened, and the fix</th></tr></thead>
<tbody>
{{#exceptions}}
<tr><td class="type">{{title}}</td><td>{{record}}{{#sageKey}}<br><span class="muted">Sage {{sageKey}}</span>{{/sageKey}}{{#batchID}}<br><span class="muted">{{batchID}}</span>{{/batchID}}</td><td>{{vendor}}{{#jobNo}}<br><span class="muted">job {{jobNo}}</span>{{/jobNo}}{{#openSince}}<br><span class="muted">open since {{openSince}}</span>{{/openSince}}</td><td class="num">{{sourceAmount}}</td><td class="num">{{postedAmount}}</td><td>{{reason}}<div class="fix"><strong>Fix:</strong> {{fix}}</div></td></tr>
{{/exceptions}}
</tbody>
</table>
{{/hasExceptions}}
{{^hasExceptions}}
<p class="none">None: every document of the run is in Sage with the source amount.</p>
{{/hasExceptions}}

{{#hasResolved}}
<h2>Resolved in this run ({{resolvedCount}})</h2>
<p class="muted">Records an earlier run held back that are now in Sage.</p>
<table>
<thead><tr><th>Record</th><th>Kind</th><th>Sage</th><th class="num">Amount</th><th>Held back since</th><th>What held it back</th></tr></thead>
<tbody>
{{#resolved}}
<tr><td>{{record}}</td><td class="kind">{{kind}}</td><td>{{sageKey}}</td><td class="num">{{amount}}</td><td>{{heldSince}}</td><td>{{cause}}</td></tr>
{{/resolved}}
</tbody>
</table>
{{/hasResolved}}

{{#hasCarriedOver}}
<h2>Still open from other runs ({{carriedOverRecords}} records, by cause)</h2>
<p class="muted">One row per cause: fixing it releases every record of the row. <code>ml-connector ledger show RECORD</code> tells one record's story; <code>ml-connector status</code> lists what is open.</p>
<table>
<thead><tr><th>Problem</th><th>Records</th><th class="num">Amount</th><th>Open since</th><th>Cause, and the fix</th></tr></thead>
<tbody>
{{#carriedOver}}
<tr><td class="type">{{title}}</td><td>{{records}} {{resource}}<br><span class="muted">e.g. record {{examples}}</span></td><td class="num">{{amount}}</td><td>{{since}}</td><td>{{cause}}<div class="fix"><strong>Fix:</strong> {{fix}}</div></td></tr>
{{/carriedOver}}
</tbody>
</table>
{{/hasCarriedOver}}

{{#breakdowns}}
<h2>{{title}}</h2>
<table>
<thead><tr><th>Kind</th><th>{{keyHeader}}</th><th>Name</th><th class="num">Source total</th><th class="num">Sage total</th><th class="num">Difference</th></tr></thead>
<tbody>
{{#rows}}
<tr class="{{#differs}}differs{{/differs}}"><td class="kind mark">{{kind}}</td><td>{{key}}</td><td>{{name}}</td><td class="num">{{sourceTotal}}</td><td class="num">{{postedTotal}}</td><td class="num">{{difference}}</td></tr>
{{/rows}}
{{^rows}}
<tr><td colspan="6" class="none">No amounts.</td></tr>
{{/rows}}
</tbody>
</table>
{{/breakdowns}}

<h2>Batches of the run</h2>
<table>
<thead><tr><th>Batch</th><th>Kind</th><th>State</th><th class="num">Records</th><th class="num">Control total</th></tr></thead>
<tbody>
{{#batches}}
<tr><td><code>{{id}}</code></td><td>{{kind}}</td><td>{{state}}</td><td class="num">{{records}}</td><td class="num">{{controlTotal}}</td></tr>
{{/batches}}
</tbody>
</table>
{{#hasRenumbered}}
<h2>Sage numbers that differ from Procore's</h2>
<table>
<thead><tr><th>Record</th><th>Field</th><th>Procore</th><th>Sage 100</th><th>Why</th></tr></thead>
<tbody>
{{#renumbered}}
<tr><td>{{record}}</td><td>{{field}}</td><td>{{procoreNumber}}</td><td>{{sageNumber}}</td><td>{{reason}}</td></tr>
{{/renumbered}}
</tbody>
</table>
{{/hasRenumbered}}
{{#hasNothingToPost}}
<h2>Nothing to post ({{nothingToPostCount}})</h2>
<p class="muted">Records that ask nothing of Sage: not errors, and no dollar is held back.</p>
<table>
<thead><tr><th>Record</th><th>Why</th></tr></thead>
<tbody>
{{#nothingToPost}}
<tr><td>{{record}}</td><td>{{reason}}</td></tr>
{{/nothingToPost}}
</tbody>
</table>
{{/hasNothingToPost}}
{{#hasNotes}}
<h2>Notes</h2>
<ul>
{{#notes}}
<li>{{.}}</li>
{{/notes}}
</ul>
{{/hasNotes}}
<p class="muted">Amounts are exact to the cent. Difference = Sage total &minus; source total. Rows marked &ne; differ.</p>
</body>
</html>

"""#
}
