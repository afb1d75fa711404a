package io.etcddr.console;

/** HTML text for the console: every value escaped, one page shell with its own small stylesheet. */
final class Html {

  private Html() {}

  static String escape(Object value) {
    String text = value == null ? "" : String.valueOf(value);
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * A whole page. {@code refresh}: seconds until it reloads itself (0: never), so the fleet stays
   * current without any script.
   */
  static String page(String title, int refresh, String body) {
    return "<!doctype html><html lang=en><head><meta charset=utf-8>"
        + "<meta name=viewport content=\"width=device-width, initial-scale=1\">"
        + (refresh > 0 ? "<meta http-equiv=refresh content=" + refresh + ">" : "")
        + "<title>"
        + escape(title)
        + "</title><style>"
        + STYLE
        + "</style></head><body>"
        + body
        + "</body></html>";
  }

  private static final String STYLE =
      "body{font:15px/1.4 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}"
          + "header{display:flex;justify-content:space-between;align-items:center;flex-wrap:wrap;"
          + "gap:.5em;padding:.6em 1em;background:#1f2937;color:#fff}"
          + "header form{margin:0}main{max-width:1200px;margin:0 auto;padding:1em}"
          + "section{background:#fff;border:1px solid #d8dde3;border-radius:8px;padding:.8em 1em;"
          + "margin:0 0 1em}h1{font-size:1.2em;margin:0}h2{font-size:1.05em;margin:.2em 0 .6em}"
          + "table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3em .5em;"
          + "border-bottom:1px solid #eef0f3;vertical-align:top}.wrap{overflow-x:auto}"
          + ".ok{color:#0a7d32}.bad{color:#b42318;font-weight:600}.muted{color:#667085}"
          + ".prompt{background:#fff8e6;border-left:4px solid #f5a524;padding:.5em .8em;margin:.5em 0}"
          + "button{font:inherit;padding:.35em .9em;border-radius:6px;border:1px solid #98a2b3;"
          + "background:#fff;cursor:pointer}button.approve{background:#0a7d32;color:#fff;"
          + "border-color:#0a7d32}button.reject{background:#b42318;color:#fff;border-color:#b42318}"
          + "input[type=password],input[type=text]{font:inherit;padding:.35em;width:100%;"
          + "max-width:28em;box-sizing:border-box}.note{padding:.5em .8em;background:#eef4ff;"
          + "border-radius:6px;margin-bottom:1em}@media(max-width:640px){td,th{padding:.25em}"
          + "main{padding:.5em}}";
}
