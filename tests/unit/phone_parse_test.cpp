// parse_international and region_and_validity against libphonenumber's own Parse,
// GetRegionCodeForNumber and IsValidNumberForRegion, on every region's example numbers (as
// written, with the national prefix, cut short, run long, spaced) and on random digits after
// every calling code: same error, the same number down to its leading zeros, the same region
// and validity.
#include "compiler/rules/phone_parse.h"

#include <gtest/gtest.h>

#include <list>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace swb::rules {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

class Inputs {
 public:
  void add(std::string s) {
    if (seen_.insert(s).second) list_.push_back(std::move(s));
  }
  // The ways a config may write the national number `nsn` of calling code `cc`.
  void add_variants(int cc, const std::string& nsn, const std::string& national_prefix) {
    const std::string plus = "+" + std::to_string(cc);
    add(plus + nsn);
    add(plus + " " + nsn);
    add(plus + " " + national_prefix + nsn);
    add(plus + "0" + nsn);
    add(plus + "00" + nsn);
    add(plus + national_prefix + national_prefix + nsn);
    for (std::size_t cut = 1; cut <= 4 && cut < nsn.size(); ++cut) {
      add(plus + nsn.substr(0, nsn.size() - cut));
      add(plus + national_prefix + nsn.substr(0, nsn.size() - cut));
    }
    for (const char* more : {"0", "12", "345", "6789", "012345678901"}) {
      add(plus + nsn + more);
      add(plus + national_prefix + nsn + more);
    }
    std::string spaced = plus;  // "+55 1 1 9 …": a space between every digit
    for (char c : nsn) spaced += std::string(" ") + c;
    add(spaced + "  ");
  }
  const std::vector<std::string>& list() const { return list_; }

 private:
  std::set<std::string> seen_;
  std::vector<std::string> list_;
};

std::string show(const PhoneNumber& n) {
  return "+" + std::to_string(n.country_code()) + " " + std::to_string(n.national_number()) +
         (n.has_italian_leading_zero()
              ? " italian_leading_zero=" + std::to_string(n.italian_leading_zero())
              : "") +
         (n.has_number_of_leading_zeros()
              ? " number_of_leading_zeros=" + std::to_string(n.number_of_leading_zeros())
              : "");
}

Inputs every_kind_of_number() {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  Inputs inputs;
  for (const char* s :
       {"+", "+1", "+12", "+123", "+0", "+00", "+012345", "+999 1234567", "+1 ", "+1 2", "+44 0",
        "+44 00", "+39 0", "+39 00000000", "+800 1",
        // national prefixes with a carrier code, rewritten by a transform rule
        "+55 0 15 11 98765 4321", "+55 0 21 21 2345 6789", "+55 90 14 11 98765 4321",
        "+54 0 11 15 2345 6789", "+54 9 11 2345 6789", "+52 1 55 1234 5678"}) {
    inputs.add(s);
  }
  std::set<std::string> regions;
  util.GetSupportedRegions(&regions);
  std::set<int> codes;
  for (const std::string& region : regions) {
    const int cc = util.GetCountryCodeForRegion(region);
    codes.insert(cc);
    std::string national_prefix;
    util.GetNddPrefixForRegion(region, true, &national_prefix);
    std::set<PhoneNumberUtil::PhoneNumberType> types;
    util.GetSupportedTypesForRegion(region, &types);
    for (const PhoneNumberUtil::PhoneNumberType type : types) {
      PhoneNumber example;
      if (!util.GetExampleNumberForType(region, type, &example)) continue;
      std::string nsn;
      util.GetNationalSignificantNumber(example, &nsn);
      inputs.add_variants(cc, nsn, national_prefix);
    }
    PhoneNumber invalid;
    if (util.GetInvalidExampleNumber(region, &invalid)) {
      std::string nsn;
      util.GetNationalSignificantNumber(invalid, &nsn);
      inputs.add_variants(cc, nsn, national_prefix);
    }
  }
  std::set<int> global;
  util.GetSupportedGlobalNetworkCallingCodes(&global);
  for (const int cc : global) {
    codes.insert(cc);
    PhoneNumber example;
    if (!util.GetExampleNumberForNonGeoEntity(cc, &example)) continue;
    std::string nsn;
    util.GetNationalSignificantNumber(example, &nsn);
    inputs.add_variants(cc, nsn, "0");
  }
  // Random digits after every calling code, and after codes no country has.
  std::mt19937 random(20261126);
  for (int cc = 1; cc <= 999; ++cc) {
    const int tries = codes.count(cc) ? 24 : 2;
    for (int k = 0; k < tries; ++k) {
      std::string s = "+" + std::to_string(cc);
      const int length = static_cast<int>(random() % 19);
      const int zeros = k % 4 == 0 ? static_cast<int>(random() % 3) + 1 : 0;
      for (int j = 0; j < length; ++j) {
        s += j < zeros ? '0' : static_cast<char>('0' + random() % 10);
      }
      inputs.add(s);
    }
  }
  return inputs;
}

TEST(ParseInternational, AgreesWithLibphonenumber) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  const Inputs inputs = every_kind_of_number();
  ASSERT_GT(inputs.list().size(), 20000u);
  int mismatches = 0, parsed = 0, stripped = 0, valids = 0;
  std::set<std::string> regions_found;
  for (const std::string& input : inputs.list()) {
    PhoneNumber expected, actual;
    const auto expected_error = util.Parse(input, "ZZ", &expected);
    const auto actual_error = parse_international(input, &actual);
    parsed += expected_error == PhoneNumberUtil::NO_PARSING_ERROR;
    bool same = expected_error == actual_error;
    std::string region;
    bool valid = false;
    RegionCheck found{"", false};
    if (same && expected_error == PhoneNumberUtil::NO_PARSING_ERROR) {
      util.GetRegionCodeForNumber(expected, &region);
      valid = util.IsValidNumberForRegion(expected, region);
      found = region_and_validity(expected);
      valids += valid;
      regions_found.insert(region);
      std::string formatted;
      util.Format(expected, PhoneNumberUtil::E164, &formatted);
      same = expected.SerializeAsString() == actual.SerializeAsString() && found.region == region &&
             found.valid == valid && e164(actual) == formatted;
      std::string nsn;
      util.GetNationalSignificantNumber(expected, &nsn);
      stripped += input.find(nsn) == std::string::npos;  // a national prefix was dropped
    }
    if (!same && ++mismatches <= 20) {
      ADD_FAILURE() << input << ": Parse gives " << expected_error << " " << show(expected)
                    << " in " << region << (valid ? " valid" : " invalid")
                    << ", parse_international " << actual_error << " " << show(actual) << " in "
                    << found.region << (found.valid ? " valid" : " invalid");
    }
  }
  EXPECT_EQ(mismatches, 0) << inputs.list().size() << " " << parsed << " " << stripped;
  // The inputs reach every path: numbers that parse, that do not, and national prefixes.
  EXPECT_GT(parsed, 10000);
  EXPECT_LT(parsed, static_cast<int>(inputs.list().size()));
  EXPECT_GT(stripped, 1000);
  EXPECT_GT(valids, 5000);
  EXPECT_LT(valids, parsed);
  EXPECT_GT(regions_found.size(), 240u);  // numbers of every region, +1 and +44 shared ones too
}

// The calling codes' regions, read from the metadata, are PhoneNumberUtil's: the same
// regions in the same order (the main country first), for every code that has any.
TEST(ParseInternational, RegionsOfEveryCallingCodeAreTheLibrarys) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  int codes = 0;
  for (int cc = 0; cc <= 1000; ++cc) {
    std::list<std::string> expected;
    util.GetRegionCodesForCountryCallingCode(cc, &expected);
    const std::vector<std::string> actual = regions_for_calling_code(cc);
    EXPECT_EQ(std::vector<std::string>(expected.begin(), expected.end()), actual) << cc;
    std::string region;
    util.GetRegionCodeForCountryCode(cc, &region);
    EXPECT_EQ(region, region_for_calling_code(cc)) << cc;
    codes += !actual.empty();
  }
  EXPECT_GT(codes, 200);
  EXPECT_GT(regions_for_calling_code(1).size(), 20u);  // NANPA: the US first, then the rest
  EXPECT_EQ(regions_for_calling_code(1).front(), "US");
  EXPECT_EQ(regions_for_calling_code(800), std::vector<std::string>{"001"});  // non-geographic
}

}  // namespace
}  // namespace swb::rules
