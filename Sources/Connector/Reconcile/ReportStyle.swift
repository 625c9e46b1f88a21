/// The look the generated HTML reports share (job-to-date, reference check): page, headings,
/// the headline box, tables and figures. Each report adds its own rules after it.
enum ReportStyle {
    static let base = """
  body { font: 14px/1.45 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1a1a1a; margin: 2rem auto; max-width: 1400px; padding: 0 1rem; }
  h1 { font-size: 1.5rem; margin: 0 0 .2rem; }
  h2 { font-size: 1.15rem; margin: 1.6rem 0 .4rem; border-bottom: 1px solid #999; padding-bottom: .15rem; }
  .meta { color: #555; margin: 0; }
  .headline { font-size: 1.2rem; font-weight: 700; padding: .7rem 1rem; border: 2px solid; border-radius: 6px; margin: 1rem 0; }
  .headline.ok { border-color: #2e7d32; color: #1b5e20; background: #eef7ef; }
  .headline.attention { border-color: #c62828; color: #8e1c1c; background: #fdf0f0; }
  table { border-collapse: collapse; width: 100%; margin: .3rem 0 1rem; }
  th, td { border-bottom: 1px solid #d0d0d0; padding: .25rem .45rem; text-align: left; vertical-align: top; }
  thead th { border-bottom: 2px solid #333; font-weight: 600; }
  .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
"""
}
