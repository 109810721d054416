// libphonenumber's Parse, for the one form a config may write a phone number in: '+', then
// ASCII digits and spaces. Parse first runs a dozen generic regular expressions meant for
// numbers found in free text (extensions, RFC 3966, letters, punctuation, second numbers);
// on this form their outcome is known, and skipping them makes it about ten times faster.
// What depends on the country (its national prefix) is done as Parse does it, with the
// library's own metadata and the same ICU patterns. tests/unit/phone_parse_test.cpp checks
// the result against Parse itself for every country's numbers.
#pragma once

#include <phonenumbers/phonenumberutil.h>

#include <string>
#include <string_view>
#include <vector>

namespace swb::rules {

// What PhoneNumberUtil::Parse(text, "ZZ", number) returns, and the number it sets, for a
// `text` that starts with '+' followed by ASCII digits and spaces only.
i18n::phonenumbers::PhoneNumberUtil::ErrorType parse_international(
    std::string_view text, i18n::phonenumbers::PhoneNumber* number);

struct RegionCheck {
  std::string region;  // GetRegionCodeForNumber: "ZZ" when none
  bool valid;          // IsValidNumberForRegion(number, region)
};
// What GetRegionCodeForNumber and then IsValidNumberForRegion for that region give, with the
// patterns compiled once per region rather than looked up by their text for each number.
RegionCheck region_and_validity(const i18n::phonenumbers::PhoneNumber& number);

// What PhoneNumberUtil's GetRegionCodesForCountryCallingCode, GetRegionCodeForCountryCode,
// GetNationalSignificantNumber and Format(…, E164) give, read from the same metadata without
// PhoneNumberUtil, whose construction (a second read of the metadata and a hundred regular
// expressions compiled) took half of a small config's check.
std::vector<std::string> regions_for_calling_code(int country_code);
std::string region_for_calling_code(int country_code);  // "ZZ" when none
std::string national_significant_number(const i18n::phonenumbers::PhoneNumber& number);
std::string e164(const i18n::phonenumbers::PhoneNumber& number);

// Reads the metadata parse_international() needs, if not done yet (about a millisecond).
void load_parse_metadata();

}  // namespace swb::rules
