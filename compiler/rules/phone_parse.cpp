// PhoneNumberUtil::ParseHelper (libphonenumber 8.12, phonenumberutil.cc) specialised to
// "+digits": each step below names the step of ParseHelper it stands for.
#include "compiler/rules/phone_parse.h"

#include <fmt/format.h>
#include <phonenumbers/phonemetadata.pb.h>
#include <unicode/regex.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

// libphonenumber's compiled-in metadata, which PhoneNumberUtil reads at start-up too. The
// library exports these two but does not install their header (src/phonenumbers/metadata.h).
namespace i18n::phonenumbers {
int metadata_size();
const void* metadata_get();
}  // namespace i18n::phonenumbers

namespace swb::rules {
namespace {

using i18n::phonenumbers::PhoneMetadata;
using i18n::phonenumbers::PhoneMetadataCollection;
using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberDesc;
using i18n::phonenumbers::PhoneNumberUtil;
using ErrorType = PhoneNumberUtil::ErrorType;
using ValidationResult = PhoneNumberUtil::ValidationResult;

constexpr std::size_t kMinLengthForNsn = 2;        // PhoneNumberUtil::kMinLengthForNsn
constexpr std::size_t kMaxLengthForNsn = 17;       // PhoneNumberUtil::kMaxLengthForNsn
constexpr std::size_t kMaxLengthCountryCode = 3;   // PhoneNumberUtil::kMaxLengthCountryCode
constexpr std::string_view kNonGeoEntity = "001";  // kRegionCodeForNonGeoEntity

// A pattern compiled as IcuRegExp compiles it (no flags); null if it does not compile, which
// IcuRegExp treats as matching nothing.
std::unique_ptr<icu::RegexPattern> compile(const std::string& pattern) {
  UParseError parse_error;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::RegexPattern> out(
      icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(pattern), 0, parse_error, status));
  if (U_FAILURE(status)) return nullptr;
  return out;
}

// A number description (general, fixed line, mobile…) and its pattern.
struct Desc {
  const PhoneNumberDesc* desc = nullptr;
  std::unique_ptr<icu::RegexPattern> pattern;  // null: matches nothing
};

// One region's metadata, with its patterns compiled the first time the region is needed.
struct Region {
  explicit Region(const PhoneMetadata& m) : metadata(&m) {}
  const PhoneMetadata* metadata;
  std::once_flag compiled;
  std::unique_ptr<icu::RegexPattern> national_prefix;  // national_prefix_for_parsing
  std::unique_ptr<icu::RegexPattern> leading_digits;
  Desc general;
  // The types GetNumberTypeHelper tries after the general description: any one that matches
  // makes the number valid. Fixed line and mobile first, as most numbers are one of them.
  Desc fixed_line, mobile;
  std::vector<Desc> others;  // premium rate, toll free, shared cost, VoIP, personal, pager…

  void compile_patterns() {
    std::call_once(compiled, [this] {
      const PhoneMetadata& m = *metadata;
      national_prefix = compile(m.national_prefix_for_parsing());
      leading_digits = compile(m.leading_digits());
      general = describe(m.general_desc());
      fixed_line = describe(m.fixed_line());
      mobile = describe(m.mobile());
      for (const PhoneNumberDesc* d :
           {&m.premium_rate(), &m.toll_free(), &m.shared_cost(), &m.voip(), &m.personal_number(),
            &m.pager(), &m.uan(), &m.voicemail()}) {
        others.push_back(describe(*d));
      }
    });
  }

 private:
  static Desc describe(const PhoneNumberDesc& d) {
    // MatchNationalNumber never matches an empty pattern.
    return Desc{
        &d, d.national_number_pattern().empty() ? nullptr : compile(d.national_number_pattern())};
  }
};

class Metadata {
 public:
  static Metadata& get() {
    static Metadata metadata;
    return metadata;
  }

  // GetRegionCodesForCountryCallingCode: empty for a code no region has.
  const std::vector<std::string>& regions(int country_code) const {
    static const std::vector<std::string> none;
    const auto it = regions_by_code_.find(country_code);
    return it == regions_by_code_.end() ? none : it->second;
  }

  // GetMetadataForRegionOrCallingCode.
  Region* find(int country_code, const std::string& region) {
    if (region == kNonGeoEntity) {
      const auto it = non_geographical_.find(country_code);
      return it == non_geographical_.end() ? nullptr : &it->second;
    }
    const auto it = regions_.find(region);
    return it == regions_.end() ? nullptr : &it->second;
  }

 private:
  // As PhoneNumberUtil's constructor fills its maps: the first entry for a key wins.
  Metadata() {
    if (!collection_.ParseFromArray(i18n::phonenumbers::metadata_get(),
                                    i18n::phonenumbers::metadata_size())) {
      return;
    }
    for (const PhoneMetadata& m : collection_.metadata()) {
      if (m.id() == "ZZ") continue;
      if (m.id() == kNonGeoEntity) {
        non_geographical_.try_emplace(m.country_code(), m);
      } else {
        regions_.try_emplace(m.id(), m);
      }
      // The calling code's regions, its main country first, the rest in metadata order.
      std::vector<std::string>& list = regions_by_code_[m.country_code()];
      list.insert(m.main_country_for_code() ? list.begin() : list.end(), m.id());
    }
  }

  PhoneMetadataCollection collection_;
  std::unordered_map<std::string, Region> regions_;
  std::map<int, Region> non_geographical_;
  std::map<int, std::vector<std::string>> regions_by_code_;
};

// IcuRegExp's FullMatch (the whole number matches: MatchNationalNumber(number, desc, false))
// or, with `at_start_only`, Consume (a match starting at the first digit).
// A matcher for `pattern` on `input`: one per pattern and thread, made once and reset to each
// input (making one allocates its state). Null if ICU cannot make it.
icu::RegexMatcher* matcher(const icu::RegexPattern* pattern, const icu::UnicodeString& input) {
  thread_local std::unordered_map<const icu::RegexPattern*, std::unique_ptr<icu::RegexMatcher>>
      matchers;
  std::unique_ptr<icu::RegexMatcher>& m = matchers[pattern];
  if (m != nullptr) return &m->reset(input);
  UErrorCode status = U_ZERO_ERROR;
  m.reset(pattern->matcher(input, status));
  if (U_FAILURE(status)) m.reset();
  return m.get();
}

bool matches(const icu::RegexPattern* pattern, const icu::UnicodeString& number,
             bool at_start_only = false) {
  if (pattern == nullptr) return false;
  icu::RegexMatcher* m = matcher(pattern, number);
  if (m == nullptr) return false;
  UErrorCode status = U_ZERO_ERROR;
  const bool matched = at_start_only ? m->lookingAt(0, status) : m->matches(0, status);
  return matched && U_SUCCESS(status);
}

bool matches(const icu::RegexPattern* pattern, const std::string& number,
             bool at_start_only = false) {
  return matches(pattern, icu::UnicodeString::fromUTF8(number), at_start_only);
}

std::string utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

// MaybeStripNationalPrefixAndCarrierCode, without the carrier code (Parse drops it).
void strip_national_prefix(Region& region, std::string& number) {
  const PhoneMetadata& metadata = *region.metadata;
  if (number.empty() || metadata.national_prefix_for_parsing().empty()) return;
  region.compile_patterns();
  const icu::RegexPattern* prefix = region.national_prefix.get();
  if (prefix == nullptr) return;  // every Consume and Replace fails

  const icu::UnicodeString input = icu::UnicodeString::fromUTF8(number);
  UErrorCode status = U_ZERO_ERROR;
  icu::RegexMatcher* m = matcher(prefix, input);
  if (m == nullptr) return;
  const bool at_start = m->lookingAt(0, status) && U_SUCCESS(status);
  if (!at_start) return;
  const int groups = m->groupCount();
  // Whether the number matched the general pattern before; if so, it must still after. Read
  // only now that there is a prefix to strip (most numbers have none).
  const bool viable_original = matches(region.general.pattern.get(), input);
  const auto still_viable = [&](const std::string& stripped) {
    return !viable_original || matches(region.general.pattern.get(), stripped);
  };

  // Consume(number, &carrier, &captured) || Consume(number, &captured): the prefix's second
  // group, else its first.
  const std::string& transform_rule = metadata.national_prefix_transform_rule();
  if (!transform_rule.empty() && groups >= 1) {
    const std::string captured = utf8(m->group(groups >= 2 ? 2 : 1, status));
    if (U_FAILURE(status)) return;
    if (!captured.empty()) {
      // Replace(&number, transform_rule): the first match, found from the start.
      UErrorCode s = U_ZERO_ERROR;
      std::unique_ptr<icu::RegexMatcher> r(prefix->matcher(input, s));
      if (U_FAILURE(s)) return;
      std::string transformed = number;
      if (r->find()) {
        icu::UnicodeString out;
        r->appendReplacement(out, icu::UnicodeString::fromUTF8(transform_rule), s);
        r->appendTail(out);
        if (U_SUCCESS(s)) transformed = utf8(out);
      }
      if (still_viable(transformed)) number = transformed;
      return;
    }
  }
  // Consume(number, &carrier) || Consume(number): the prefix is dropped.
  const int end = m->end(status);
  if (U_FAILURE(status)) return;
  const std::string rest = utf8(input.tempSubString(end));
  if (still_viable(rest)) number = rest;
}

// TestNumberLength(number, metadata), for the type UNKNOWN: the general description's lengths.
ValidationResult test_number_length(const std::string& number, const PhoneMetadata& metadata) {
  const auto& possible = metadata.general_desc().possible_length();
  const auto& local_only = metadata.general_desc().possible_length_local_only();
  if (possible.empty() || possible.Get(0) == -1) return PhoneNumberUtil::INVALID_LENGTH;
  const int length = static_cast<int>(number.size());
  if (std::find(local_only.begin(), local_only.end(), length) != local_only.end()) {
    return PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY;
  }
  const int minimum = possible.Get(0);
  if (minimum == length) return PhoneNumberUtil::IS_POSSIBLE;
  if (minimum > length) return PhoneNumberUtil::TOO_SHORT;
  if (*(possible.end() - 1) < length) return PhoneNumberUtil::TOO_LONG;
  return std::find(possible.begin() + 1, possible.end(), length) != possible.end()
             ? PhoneNumberUtil::IS_POSSIBLE
             : PhoneNumberUtil::INVALID_LENGTH;
}

// IsNumberMatchingDesc: a length the description allows, and its pattern.
bool matches(const Desc& d, const icu::UnicodeString& nsn) {
  const auto& lengths = d.desc->possible_length();
  if (!lengths.empty() &&
      std::find(lengths.begin(), lengths.end(), static_cast<int>(nsn.length())) == lengths.end()) {
    return false;
  }
  return matches(d.pattern.get(), nsn);
}

// GetNumberTypeHelper(nsn, metadata) != UNKNOWN.
bool has_type(Region& region, const icu::UnicodeString& nsn) {
  region.compile_patterns();
  if (!matches(region.general, nsn)) return false;
  if (matches(region.fixed_line, nsn)) return true;
  // Where mobile numbers share the fixed-line pattern, one that is not fixed line is neither.
  if (!region.metadata->same_mobile_and_fixed_line_pattern() && matches(region.mobile, nsn)) {
    return true;
  }
  return std::any_of(region.others.begin(), region.others.end(),
                     [&](const Desc& d) { return matches(d, nsn); });
}

}  // namespace

void load_parse_metadata() { Metadata::get(); }

std::string region_for_calling_code(int country_code) {
  const std::vector<std::string>& regions = Metadata::get().regions(country_code);
  return regions.empty() ? "ZZ" : regions.front();
}

std::vector<std::string> regions_for_calling_code(int country_code) {
  return Metadata::get().regions(country_code);
}

std::string national_significant_number(const PhoneNumber& number) {
  std::string out;
  if (number.italian_leading_zero()) out.assign(std::max(number.number_of_leading_zeros(), 0), '0');
  out += std::to_string(number.national_number());
  return out;
}

std::string e164(const PhoneNumber& number) {
  return fmt::format("+{}{}", number.country_code(), national_significant_number(number));
}

RegionCheck region_and_validity(const PhoneNumber& number) {
  const int cc = number.country_code();
  const std::string nsn = national_significant_number(number);
  Metadata& metadata = Metadata::get();

  // GetRegionCodeForNumber: the only region of the calling code, else the first whose leading
  // digits start the number or, for a region without them, that has a type for it.
  const std::vector<std::string>& regions = metadata.regions(cc);
  RegionCheck out{"ZZ", false};
  const icu::UnicodeString digits = icu::UnicodeString::fromUTF8(nsn);
  bool typed = false;  // the region was found by having a type for the number
  if (regions.size() == 1) {
    out.region = regions.front();
  } else {
    for (const std::string& r : regions) {
      Region* region = metadata.find(cc, r);
      if (region == nullptr) continue;
      region->compile_patterns();
      if (region->metadata->has_leading_digits()) {
        if (!matches(region->leading_digits.get(), digits, /*at_start_only=*/true)) continue;
      } else if (has_type(*region, digits)) {
        typed = true;
      } else {
        continue;
      }
      out.region = r;
      break;
    }
  }
  // IsValidNumberForRegion(number, region): it has a type there, which a region found by
  // its type has already shown.
  Region* region = metadata.find(cc, out.region);
  if (region == nullptr) return out;
  if (out.region != kNonGeoEntity && region->metadata->country_code() != cc) return out;
  out.valid = typed || has_type(*region, digits);
  return out;
}

ErrorType parse_international(std::string_view text, PhoneNumber* number) {
  // ExtractPossibleNumber, IsViablePhoneNumber, MaybeStripExtension and
  // MaybeStripInternationalPrefixAndNormalize come to this on "+digits and spaces": the
  // digits after the '+', viable when there are at least three of them (the valid phone
  // number pattern), and no extension (every extension pattern needs a label or a sign).
  std::string digits;
  for (char c : text.substr(text.empty() ? 0 : 1)) {
    if (c >= '0' && c <= '9') digits += c;
  }
  if (digits.size() < 3) return PhoneNumberUtil::NOT_A_NUMBER;

  // ExtractCountryCode: the shortest prefix that is a calling code, never one starting with 0.
  // Without one, Parse's retry without the '+' ends in the same error.
  int country_code = 0;
  std::string region;
  if (digits[0] != '0') {
    for (std::size_t i = 1; i <= kMaxLengthCountryCode; ++i) {
      const int candidate = std::stoi(digits.substr(0, i));
      region = region_for_calling_code(candidate);
      if (region != "ZZ") {
        country_code = candidate;
        digits.erase(0, i);
        break;
      }
    }
  }
  if (country_code == 0) return PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR;
  if (digits.size() < kMinLengthForNsn) return PhoneNumberUtil::TOO_SHORT_NSN;

  // The national prefix is dropped when what remains still has a possible length.
  if (Region* r = Metadata::get().find(country_code, region)) {
    std::string stripped = digits;
    strip_national_prefix(*r, stripped);
    const ValidationResult length = test_number_length(stripped, *r->metadata);
    if (length != PhoneNumberUtil::TOO_SHORT && length != PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY &&
        length != PhoneNumberUtil::INVALID_LENGTH) {
      digits = std::move(stripped);
    }
  }
  if (digits.size() < kMinLengthForNsn) return PhoneNumberUtil::TOO_SHORT_NSN;
  if (digits.size() > kMaxLengthForNsn) return PhoneNumberUtil::TOO_LONG_NSN;

  PhoneNumber out;
  out.set_country_code(country_code);
  // SetItalianLeadingZerosForPhoneNumber: zeros before the rest, all but a last one.
  if (digits.size() > 1 && digits[0] == '0') {
    out.set_italian_leading_zero(true);
    std::size_t zeros = 1;
    while (zeros < digits.size() - 1 && digits[zeros] == '0') ++zeros;
    if (zeros != 1) out.set_number_of_leading_zeros(static_cast<std::int32_t>(zeros));
  }
  out.set_national_number(std::stoull(digits));
  number->Swap(&out);
  return PhoneNumberUtil::NO_PARSING_ERROR;
}

}  // namespace swb::rules
