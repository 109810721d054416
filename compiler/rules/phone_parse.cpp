// PhoneNumberUtil::ParseHelper (libphonenumber 8.12, phonenumberutil.cc) specialised to
// "+digits": each step below names the step of ParseHelper it stands for.
#include "compiler/rules/phone_parse.h"

#include <phonenumbers/phonemetadata.pb.h>
#include <unicode/regex.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

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

// One region's metadata, with its two patterns compiled the first time they are needed.
struct Region {
  explicit Region(const PhoneMetadata& m) : metadata(&m) {}
  const PhoneMetadata* metadata;
  std::once_flag compiled;
  std::unique_ptr<icu::RegexPattern> national_prefix;  // national_prefix_for_parsing
  std::unique_ptr<icu::RegexPattern> general;          // general_desc's national number pattern

  void compile_patterns() {
    std::call_once(compiled, [this] {
      national_prefix = compile(metadata->national_prefix_for_parsing());
      general = compile(metadata->general_desc().national_number_pattern());
    });
  }
};

class Metadata {
 public:
  static Metadata& get() {
    static Metadata metadata;
    return metadata;
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
    }
  }

  PhoneMetadataCollection collection_;
  std::unordered_map<std::string, Region> regions_;
  std::map<int, Region> non_geographical_;
};

// RegexBasedMatcher::MatchNationalNumber(number, desc, false): the whole number matches.
bool full_match(const icu::RegexPattern* pattern, const std::string& number) {
  if (pattern == nullptr) return false;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::RegexMatcher> m(
      pattern->matcher(icu::UnicodeString::fromUTF8(number), status));
  if (U_FAILURE(status)) return false;
  const bool matched = m->matches(0, status);
  return matched && U_SUCCESS(status);
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
  const bool viable_original = metadata.general_desc().national_number_pattern().empty()
                                   ? false
                                   : full_match(region.general.get(), number);
  const auto still_viable = [&](const std::string& stripped) {
    return !viable_original || (!metadata.general_desc().national_number_pattern().empty() &&
                                full_match(region.general.get(), stripped));
  };

  const icu::UnicodeString input = icu::UnicodeString::fromUTF8(number);
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::RegexMatcher> m(prefix->matcher(input, status));
  if (U_FAILURE(status)) return;
  const bool at_start = m->lookingAt(0, status) && U_SUCCESS(status);
  if (!at_start) return;
  const int groups = m->groupCount();

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

}  // namespace

void load_parse_metadata() { Metadata::get(); }

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
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  int country_code = 0;
  std::string region;
  if (digits[0] != '0') {
    for (std::size_t i = 1; i <= kMaxLengthCountryCode; ++i) {
      const int candidate = std::stoi(digits.substr(0, i));
      util.GetRegionCodeForCountryCode(candidate, &region);
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
