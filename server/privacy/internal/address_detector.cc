// Street + house number (+ addition): "Kerkstraat 12", "Molenweg 3a",
// "Sint Annastraat 30-2", "Hoofdstraat 48 a", "Prins Hendrikstraat 19-bis",
// "Rietgors 114". A street is a capitalized word with a street suffix or a
// name from frogdata's street list, with the capitalized words and particles
// before it that belong to the name ("Koningin Julianalaan").
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "privacy/internal/scan_context.h"
#include "privacy/internal/text_util.h"

namespace kompas::privacy::internal {
namespace {

constexpr absl::string_view kStreetSuffixes[] = {
    "straat", "laan", "weg", "plein", "gracht", "kade", "singel", "dijk", "hof", "pad",
    "steeg", "dreef", "park", "ring", "markt", "erf", "wal", "baan", "diep", "plantsoen",
    "boulevard", "allee", "dam", "burg", "poort", "kanaal", "vaart", "oord", "zoom",
    "hoven", "straatje", "pleintje", "akker", "gaarde", "hage", "horst", "wetering",
    "boord", "veste", "berg", "heuvel", "dal", "brink", "esch", "es", "kamp", "veld",
    "donk", "hout", "laantje", "paadje", "polder", "rade", "tuin", "tuinen", "werf",
    "zijde", "kwartier", "promenade", "passage", "galerij", "lei", "stede",
};

bool HasStreetSuffix(absl::string_view folded) {
  // "Vergadering 3", "Paginering 2": a noun made with -ering, not a ring
  // road ("Zuiderring", "Buitenring"); the Wetering is a street of its own.
  if (absl::EndsWith(folded, "ering") && !absl::EndsWith(folded, "wetering")) return false;
  for (absl::string_view s : kStreetSuffixes) {
    if (folded.size() > s.size() + 1 && absl::EndsWith(folded, s)) return true;
    if (folded == s && (s == "markt" || s == "plein" || s == "brink" || s == "dam")) return true;
  }
  return false;
}

// Abbreviated street types written in notes: "Dorpsstr 4", "Stationsstr. 12",
// "Parkln 3", "Molenwg 7", "Beatrixpln 2", "Julianasngl 5", "Lijnbaansgr 7".
bool HasStreetAbbreviation(const ScanContext& ctx, size_t w) {
  absl::string_view folded = ctx.Folded(w);
  if (ctx.Flags(w) & (kDictWord | kFirstName | kSurname | kPlace | kNotName)) return false;
  for (absl::string_view s : {"str", "ln", "wg", "pln", "pl", "sngl", "sgl", "gr", "grt", "kd", "dk"}) {
    if (folded.size() >= s.size() + 3 && absl::EndsWith(folded, s)) return true;
  }
  return false;
}

// A capitalized abbreviation or initial before a street named after a
// person: "Dr. A. Schweitzerlaan", "Prof. Dr. Dorgelolaan", "Burg. de Withstraat".
bool StreetTitleAbbreviation(const ScanContext& ctx, size_t i) {
  if (!ctx.Is(i, TokenType::kWord) || !ctx.HasShape(i, kCap)) return false;
  const size_t len = ctx.tokens()[i].end - ctx.tokens()[i].start;
  return len <= 5 && !(ctx.Flags(i) & (kPlace | kMonth));
}

// Words before a street that are part of its name when capitalized.
bool IsStreetNameWord(const ScanContext& ctx, size_t i) {
  if (!ctx.Is(i, TokenType::kWord)) return false;
  if (ctx.HasShape(i, kCap)) return !(ctx.Flags(i) & (kTitleCue | kRelationCue | kIdCue)) ||
                                     (ctx.Flags(i) & kTitleCue && (absl::EqualsIgnoreCase(ctx.TokenText(i), "burgemeester") ||
                                                                  absl::EqualsIgnoreCase(ctx.TokenText(i), "dokter") ||
                                                                  absl::EqualsIgnoreCase(ctx.TokenText(i), "pastoor")));
  return false;
}

// An ordinary word from the street list ("Rietgors", "Groep") is a street only
// where the text says it is an address: "adres", "woont (aan|op)" shortly
// before, or a postcode right after the number.
bool AddressContext(const ScanContext& ctx, size_t street, size_t number) {
  const auto& tokens = ctx.tokens();
  for (size_t k = street; k > 0 && street - k < 6; --k) {
    absl::string_view f = ctx.Folded(k - 1);
    if (absl::StartsWith(f, "adres") || f == "woont" || f == "woonachtig" || f == "wonend" ||
        f == "verhuisd" || f == "verblijft") {
      return true;
    }
  }
  size_t k = number + 1;
  if (k < tokens.size() && ctx.IsPunct(k, ',')) ++k;
  return k < tokens.size() && tokens[k].type == TokenType::kNumber && tokens[k].end - tokens[k].start == 4;
}

}  // namespace

void DetectAddresses(ScanContext* ctx) {
  const auto& tokens = ctx->tokens();
  absl::string_view t = ctx->text();
  std::string key;
  for (size_t i = 1; i < tokens.size(); ++i) {
    // House number: digits, or digits + letters ("3a", "19bis").
    const Token& num = tokens[i];
    if (num.type != TokenType::kNumber && num.type != TokenType::kMixed) continue;
    if (!IsDigit(t[num.start]) || !(num.shape & kSpaceBefore) || (num.shape & kNewlineBefore)) {
      continue;
    }
    size_t digits = 0;
    while (num.start + digits < num.end && IsDigit(t[num.start + digits])) ++digits;
    if (digits > 5 || num.end - num.start - digits > 3) continue;
    if (num.type == TokenType::kMixed) {
      for (size_t k = num.start + digits; k < num.end; ++k) {
        if (IsDigit(t[k])) digits = 99;
      }
      if (digits == 99) continue;
    }
    size_t w = i - 1;
    if (i >= 2 && ctx->IsPunct(w, '.') && ctx->Adjacent(w)) --w;  // "Stationsstr. 12"
    if (!ctx->Is(w, TokenType::kWord) || !ctx->HasShape(w, kCap) || ctx->HasShape(w, kAllCaps)) continue;
    uint16_t flags = ctx->Flags(w);
    absl::string_view folded = ctx->Folded(w);
    bool suffix = w == i - 1 ? HasStreetSuffix(folded) || HasStreetAbbreviation(*ctx, w)
                             : HasStreetAbbreviation(*ctx, w);
    if (w != i - 1 && !suffix) continue;
    bool listed = (flags & kStreet) && !(flags & (kNotName | kPlace | kMonth)) &&
                  (!(flags & (kDictWord | kFirstName)) || AddressContext(*ctx, w, i));
    // Multi-word names from the street list: "Koningin Julianalaan" without a
    // suffix match is rare, but "Oude Gracht" style names are listed.
    size_t first = w;
    while (first > 0 && tokens[first].shape & kSpaceBefore && !(tokens[first].shape & kNewlineBefore) &&
           w - first < 8) {
      size_t p = first - 1;
      if (p > 0 && ctx->IsPunct(p, '.') && ctx->Adjacent(p) && StreetTitleAbbreviation(*ctx, p - 1)) {
        first = p - 1;  // "Dr. A. Schweitzerlaan"
        continue;
      }
      if (p > 1 && ctx->Is(p, TokenType::kWord) && ctx->HasShape(p, kLowerStart) && (ctx->Flags(p) & kParticle) &&
          (tokens[p].shape & kSpaceBefore) && ctx->IsPunct(p - 1, '.') && ctx->Adjacent(p - 1) &&
          StreetTitleAbbreviation(*ctx, p - 2)) {
        first = p - 2;  // "Burg. de Withstraat"
        continue;
      }
      if (IsStreetNameWord(*ctx, p) && !ctx->SentenceStart(first)) {
        first = p;
        continue;
      }
      // A lowercase particle inside the name: "Burgemeester de Withstraat".
      if (p > 0 && ctx->Is(p, TokenType::kWord) && ctx->HasShape(p, kLowerStart) &&
          (ctx->Flags(p) & kParticle) && (tokens[p].shape & kSpaceBefore) && IsStreetNameWord(*ctx, p - 1) &&
          !ctx->SentenceStart(p) && (ctx->Flags(p - 1) & (kTitleCue | kFirstName))) {
        first = p - 1;
        continue;
      }
      break;
    }
    if (!suffix && !listed) {
      // Try the longest listed multi-word name ending at w.
      bool found = false;
      for (size_t f = first; f < w && !found; ++f) {
        FoldCase(t.substr(tokens[f].start, tokens[w].end - tokens[f].start), &key);
        if (ctx->gazetteer().IsStreet(key)) {
          first = f;
          found = true;
        }
      }
      if (!found) continue;
    }
    if ((suffix || listed) && first != w) {
      // Keep the preceding capitalized words only when the whole phrase is a
      // known street or they are typical name parts (Sint, Prins, Koningin…).
      FoldCase(t.substr(tokens[first].start, tokens[w].end - tokens[first].start), &key);
      if (!ctx->gazetteer().IsStreet(key)) {
        size_t f = first;
        while (f < w && (ctx->HasShape(f, kLowerStart) ||
                         ((ctx->Flags(f) & (kNotName | kPlace)) && !(ctx->Flags(f) & kTitleCue)))) {
          ++f;
        }
        first = f;
      }
    }
    if (ctx->Flags(w) & kNotName && !suffix) continue;
    // Addition: "3-II", "30-2", "2-A", "19-bis", " bis", " a", " B".
    size_t end = num.end;
    size_t j = i + 1;
    if (j + 1 < tokens.size() && ctx->IsPunct(j, '-') && ctx->Adjacent(j) && ctx->Adjacent(j + 1) &&
        tokens[j + 1].end - tokens[j + 1].start <= 3 && tokens[j + 1].type != TokenType::kPunct) {
      end = tokens[j + 1].end;
    } else if (j < tokens.size() && tokens[j].type == TokenType::kWord && !(tokens[j].shape & kNewlineBefore)) {
      absl::string_view a = ctx->TokenText(j);
      bool single_letter = a.size() == 1 && (j + 1 >= tokens.size() || tokens[j + 1].type == TokenType::kPunct ||
                                             (tokens[j + 1].shape & kNewlineBefore));
      if (single_letter || absl::EqualsIgnoreCase(a, "bis") || a == "II" || a == "III" || a == "hs" ||
          a == "huis") {
        end = tokens[j].end;
      }
    }
    ctx->Add(Kind::kAddress, tokens[first].start, end, suffix || listed ? 0.9f : 0.8f, kPriorityAddress);
  }
}

}  // namespace kompas::privacy::internal
