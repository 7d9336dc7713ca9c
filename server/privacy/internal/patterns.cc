#include "privacy/internal/patterns.h"

#include "absl/strings/str_cat.h"

namespace kompas::privacy::internal {
namespace {

RE2::Options Opts(bool case_sensitive = true) {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_case_sensitive(case_sensitive);
  o.set_max_mem(8 << 20);
  return o;
}

constexpr char kPlate[] =
    R"((?:[A-Z]{2}-\d{2}-\d{2}|\d{2}-\d{2}-[A-Z]{2}|\d{2}-[A-Z]{2}-\d{2}|[A-Z]{2}-\d{2}-[A-Z]{2})"
    R"(|[A-Z]{2}-[A-Z]{2}-\d{2}|\d{2}-[A-Z]{2}-[A-Z]{2}|\d{2}-[A-Z]{3}-\d|\d-[A-Z]{3}-\d{2})"
    R"(|[A-Z]{2}-\d{3}-[A-Z]|[A-Z]-\d{3}-[A-Z]{2}|[A-Z]{3}-\d{2}-[A-Z]|[A-Z]-\d{2}-[A-Z]{3})"
    R"(|\d-[A-Z]{2}-\d{3}|\d{3}-[A-Z]{2}-\d))";

}  // namespace

Patterns::Patterns()
    : email(R"([A-Za-z0-9](?:[A-Za-z0-9._%+\-]*[A-Za-z0-9_%+\-])?@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,})",
            Opts()),
      social_url(R"((?:https?://)?(?:www\.|m\.|nl\.)?(?:facebook|fb|instagram|tiktok|linkedin|twitter|x|snapchat|youtube|threads|pinterest|twitch|vk|reddit)\.com/[A-Za-z0-9_.@%/\-]*[A-Za-z0-9_])",
                 Opts(false)),
      handle(R"(@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)", Opts()),
      iban(R"([A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?)", Opts()),
      numeric_date(R"(\d{1,4}[\-./]\d{1,2}[\-./]['`]?\d{1,4})", Opts()),
      written_date(
          R"(\d{1,2}(?:e|ste|de)? (?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|jan|feb|febr|mrt|mar|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec)\.?,? '?\d{2,4})",
          Opts(false)),
      postcode(R"([1-9]\d{3} ?[A-Za-z]{2})", Opts()),
      plate(kPlate, Opts()),
      code_id(R"((?:[A-Z]{1,5}[\-/](?:[A-Z0-9]{1,6}[\-/]){0,2}\d[\dA-Z]*|(?:19|20)\d{2}[\-/]\d{5,8}))",
              Opts()),
      document_id(R"([A-NP-Z]{2}[A-NP-Z0-9]{6}\d)", Opts()),
      month_date(
          R"(\d{1,2}[\-./](?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|jan|feb|febr|mrt|mar|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec)\.?[\-./]['`]?\d{2,4})",
          Opts(false)),
      spaced_date(R"(\d{1,2} \d{1,2} \d{4})", Opts()),
      website(R"((?:https?://)?www\.[A-Za-z0-9\-]+\.(?:nl|be|com|net|org|eu|info|nu|frl|de)(?:/[A-Za-z0-9_\-./]*[A-Za-z0-9_])?)",
              Opts(false)) {}

absl::StatusOr<std::unique_ptr<Patterns>> Patterns::Compile() {
  std::unique_ptr<Patterns> p(new Patterns());
  for (const RE2* re : {&p->email, &p->social_url, &p->handle, &p->iban, &p->numeric_date,
                        &p->written_date, &p->postcode, &p->plate, &p->code_id,
                        &p->document_id, &p->month_date, &p->spaced_date, &p->website}) {
    if (!re->ok()) {
      return absl::InternalError(absl::StrCat("PII gate: bad pattern ", re->pattern(), ": ",
                                              re->error()));
    }
  }
  return p;
}

}  // namespace kompas::privacy::internal
