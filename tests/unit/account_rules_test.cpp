// Unit tests for the account rules' helpers (phone numbers, URLs and hosts, image files), and
// the one logo check a golden case cannot hold: a logo file over 5 MB, written here.
#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "compiler/rules/limits.h"
#include "compiler/rules/logo.h"
#include "compiler/rules/phone.h"
#include "compiler/syntax/parser.h"
#include "tests/support/process.h"

namespace swb::rules {
namespace {

namespace fs = std::filesystem;
using Problem = PhoneCheck::Problem;

// The numbers checked while parsing are those of channel blocks written as plain strings,
// with the same result check_phone gives; the rest are left to the rules.
TEST(PhoneBook, NotesThePlainPhonesOfChannels) {
  SourceManager sources;
  Diagnostics diags;
  const SourceFile& file = sources.add("a.swb", R"(channel a { phone = "+1 614 555 0100" }
channel b { phone = "+1 614 ${var.rest}" }
channel c { phone = "+44 20 7946 095" }
skill s { phone = "+55 11 91234 5678" }
)");
  PhoneBook book;
  book.note_channel_phones(syntax::parse_file(file, diags, {}));
  book.finish();
  for (const char* n : {"+1 614 555 0100", "+44 20 7946 095"}) {
    const auto noted = book.find(n);
    ASSERT_TRUE(noted) << n;
    const PhoneCheck direct = check_phone(n);
    EXPECT_EQ(noted->problem, direct.problem) << n;
    EXPECT_EQ(noted->e164, direct.e164) << n;
    EXPECT_EQ(noted->region, direct.region) << n;
  }
  EXPECT_FALSE(book.find("+1 614 ${var.rest}"));
  EXPECT_FALSE(book.find("+55 11 91234 5678"));
}

TEST(CheckPhone, AcceptsInternationalNumbersWithOrWithoutSpaces) {
  for (const char* n : {"+1 614 555 1234", "+16145551234", "+55 11 91234 5678", "+351 912 345 678",
                        "+44 20 7946 0958", "+800 1234 5678"}) {
    EXPECT_TRUE(check_phone(n).ok()) << n;
  }
  const PhoneCheck us = check_phone("+1 614 555 1234");
  EXPECT_EQ(us.e164, "+16145551234");
  EXPECT_EQ(us.region, "US");
  EXPECT_EQ(us.country_code, 1);
  EXPECT_EQ(check_phone("+55 11 91234 5678").region, "BR");
  EXPECT_EQ(check_phone("+800 1234 5678").region, "001");  // non-geographic
}

TEST(CheckPhone, RejectsOtherSyntaxBeforeAskingTheLibrary) {
  EXPECT_EQ(check_phone("").problem, Problem::empty);
  EXPECT_EQ(check_phone("614 555 1234").problem, Problem::no_plus);
  EXPECT_EQ(check_phone("0055 11 91234 5678").problem, Problem::no_plus);
  EXPECT_EQ(check_phone(" +1 614 555 1234").problem, Problem::no_plus);
  const PhoneCheck dash = check_phone("+1 614-555-1234");
  EXPECT_EQ(dash.problem, Problem::bad_character);
  EXPECT_EQ(dash.bad_offset, 6u);
  EXPECT_EQ(check_phone("+1 (614) 555 1234").problem, Problem::bad_character);
  EXPECT_EQ(check_phone("+1.614.555.1234").problem, Problem::bad_character);
  EXPECT_EQ(check_phone("+1 614 555 1234 ext 5").problem, Problem::bad_character);
  EXPECT_EQ(check_phone("+ 1 614 555 1234").bad_offset, 1u);
  EXPECT_EQ(check_phone("+").problem, Problem::too_short);
}

TEST(CheckPhone, ReportsWhyTheLibraryRejectsANumber) {
  const PhoneCheck short_us = check_phone("+1 614 555 12");
  EXPECT_EQ(short_us.problem, Problem::too_short);
  EXPECT_EQ(short_us.e164, "+161455512");
  EXPECT_EQ(short_us.region, "US");
  EXPECT_EQ(check_phone("+1 614 555 12345678901").problem, Problem::too_long);
  EXPECT_EQ(check_phone("+999 1234567").problem, Problem::unknown_country_code);
  EXPECT_EQ(check_phone("+1 555 555 1234").problem, Problem::invalid);  // unallocated range
  EXPECT_EQ(check_phone("+1").problem, Problem::too_short);
}

TEST(RespacedPhone, SuggestsTheNumberWithSpacesWhenThatIsValid) {
  EXPECT_EQ(respaced_phone("+1 (614) 555-1234"), "+1 614 555 1234");
  EXPECT_EQ(respaced_phone("+1.614.555.1234"), "+1 614 555 1234");
  EXPECT_EQ(respaced_phone("+ 1 614 555 1234"), "+1 614 555 1234");
  EXPECT_EQ(respaced_phone("+1 614 555 1234"), "");  // nothing to change
  EXPECT_EQ(respaced_phone("+1 (614) 555-12"), "");  // still invalid
}

TEST(SplitUrl, FindsSchemeHostAndPath) {
  UrlParts u = split_url("HTTPS://user:pw@CDN.Example.com.:8443/a/logo.PNG?v=1#x");
  EXPECT_EQ(u.scheme, "https");
  EXPECT_EQ(u.host, "cdn.example.com");
  EXPECT_EQ(u.path, "/a/logo.PNG");
  EXPECT_FALSE(u.ip6_literal);
  u = split_url("https://[FE80::1]:443/logo.png");
  EXPECT_TRUE(u.ip6_literal);
  EXPECT_EQ(u.host, "fe80::1");
  u = split_url("cdn.example.com/logo.png?x=1");
  EXPECT_EQ(u.scheme, "");
  EXPECT_EQ(u.path, "cdn.example.com/logo.png");
  EXPECT_EQ(split_url("https://cdn.example.com").path, "");
}

TEST(NonPublicHost, PrivateLoopbackLinkLocalAndLocalNames) {
  for (const char* url :
       {"https://localhost/x", "https://a.localhost/x", "https://10.1.2.3/x",
        "https://172.16.0.1/x", "https://172.31.255.255/x", "https://192.168.0.1/x",
        "https://127.0.0.1/x", "https://169.254.1.1/x", "https://0.0.0.0/x", "https://[::1]/x",
        "https://[fe80::1]/x", "https://[febf::1]/x", "https://[fc00::1]/x", "https://[fdff::1]/x",
        "https://[::]/x", "https://[::ffff:192.168.1.1]/x", "https://printer.local/x",
        "https://db.internal/x"}) {
    EXPECT_TRUE(non_public_host(split_url(url))) << url;
  }
  for (const char* url :
       {"https://cdn.example.com/x", "https://8.8.8.8/x", "https://172.15.0.1/x",
        "https://172.32.0.1/x", "https://192.169.0.1/x", "https://[2001:db8::1]/x",
        "https://[fec0::1]/x", "https://local.example.com/x", "https://internal.example/x",
        "https://10.example.com/x"}) {
    EXPECT_FALSE(non_public_host(split_url(url))) << url;
  }
}

fs::path asset(const std::string& name) {
  return fs::path(test::source_dir()) / "tests/cases/rules/account/assets" / name;
}

TEST(InspectImage, ReadsFormatAndDimensionsFromContent) {
  ImageInfo png = inspect_image(asset("logo-640.png"));
  EXPECT_TRUE(png.readable);
  EXPECT_TRUE(png.png_or_jpeg);
  EXPECT_EQ(png.format, "PNG");
  EXPECT_TRUE(png.dimensions_known);
  EXPECT_EQ(png.width, 640);
  EXPECT_EQ(png.height, 640);
  ImageInfo jpg = inspect_image(asset("banner-300x200.jpg"));
  EXPECT_EQ(jpg.format, "JPEG");
  EXPECT_EQ(jpg.width, 300);
  EXPECT_EQ(jpg.height, 200);
  EXPECT_EQ(inspect_image(asset("logo.gif")).format, "GIF");
  EXPECT_FALSE(inspect_image(asset("logo.gif")).png_or_jpeg);
  EXPECT_EQ(inspect_image(asset("not-an-image.png")).format, "text");
  ImageInfo truncated = inspect_image(asset("truncated.png"));
  EXPECT_TRUE(truncated.png_or_jpeg);
  EXPECT_FALSE(truncated.dimensions_known);
  ImageInfo missing = inspect_image(asset("missing.png"));
  EXPECT_FALSE(missing.readable);
  EXPECT_FALSE(missing.error.empty());
  EXPECT_FALSE(inspect_image(asset("")).readable);  // the directory
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A config whose logo file is the 640 x 640 px test PNG padded with zeros after IEND to
// `bytes` bytes, checked by the real binary; the codes reported on the logo file's line.
std::vector<std::string> codes_for_logo_of_size(std::uint64_t bytes, const std::string& tag) {
  const fs::path dir =
      fs::temp_directory_path() / ("swb-logo-size-" + std::to_string(::getpid()) + "-" + tag);
  fs::remove_all(dir);
  fs::create_directories(dir / "assets");
  std::string image = read_all(asset("logo-640.png"));
  image.resize(bytes, '\0');
  std::ofstream(dir / "assets/logo.png", std::ios::binary) << image;
  std::ofstream(dir / "main.swb") << R"(business acme {
  legal_name  = "Acme Hardware Ltd"
  description = "Hardware, tools and repairs in Columbus, Ohio."
  facebook_business_manager_id = "104857600123456"
  status      = approved
  category    = retail
  timezone    = "America/New_York"
  websites    = ["https://acme.example"]
  address     = "1 Main St, Columbus, OH 43004"
  email       = "help@acme.example"
  logo {
    url  = "https://cdn.acme.example/logo.png"
    file = "assets/logo.png"
  }
}
)";
  const auto run = test::run_process({test::swb_binary(), "check", "--format", "json", "main.swb"},
                                     dir.string());
  fs::remove_all(dir);
  std::vector<std::string> codes;
  auto doc = nlohmann::json::parse(run.out, nullptr, false);
  if (doc.is_discarded()) return {"<not json: " + run.out + run.err + ">"};
  for (const auto& d : doc["diagnostics"]) {
    codes.push_back(d["code"].get<std::string>() + ":" + std::to_string(d.value("line", 0)) + ":" +
                    d.value("severity", std::string()));
  }
  return codes;
}

TEST(LogoFileSize, OverFiveMillionBytesIsSwb206AtTheFileValue) {
  EXPECT_EQ(codes_for_logo_of_size(limits::kLogoMaxBytes + 1, "over"),
            std::vector<std::string>{"SWB206:13:error"});
  EXPECT_EQ(codes_for_logo_of_size(limits::kLogoMaxBytes, "limit"), std::vector<std::string>{});
}

}  // namespace
}  // namespace swb::rules
