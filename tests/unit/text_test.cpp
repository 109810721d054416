// Unit tests for ir/text.h: the IR's strings and the pool that owns their bytes.
#include "ir/text.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace swb::ir {
namespace {

TEST(Text, IsTwelveBytesAndReadsAsAStringView) {
  static_assert(sizeof(Text) == 12);
  const Text empty;
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(empty.view(), "");
  EXPECT_STREQ(empty.c_str(), "");
  const Text literal = "acme_us";
  EXPECT_EQ(literal.size(), 7u);
  EXPECT_EQ(literal, "acme_us");
  EXPECT_EQ(literal.str(), std::string("acme_us"));
  EXPECT_EQ(literal.substr(5), "us");
  EXPECT_TRUE(literal.starts_with("acme"));
  EXPECT_EQ(literal.find('_'), 4u);
}

TEST(Text, ComparesAndHashesAsItsBytes) {
  TextPool pool;
  const Text a = pool.make("alpha"), b = pool.make("beta"), a2 = pool.make("alpha");
  EXPECT_NE(a.data(), a2.data());  // two copies, equal by content
  EXPECT_TRUE(a == a2);
  EXPECT_FALSE(a == b);
  EXPECT_TRUE(a < b);
  EXPECT_TRUE(b > a);
  EXPECT_TRUE(std::string("alpha") == a);
  EXPECT_EQ(std::hash<Text>{}(a), std::hash<std::string_view>{}("alpha"));
  EXPECT_EQ(std::string("x-") + a, "x-alpha");
  EXPECT_EQ(a + std::string("-x"), "alpha-x");
}

// Every Text the pool made stays valid and NUL-terminated while the pool lives: small ones
// fill chunks one after another, a long one gets a block of its own while the open chunk
// goes on.
TEST(TextPool, TextsStayValidAcrossChunksAndLongStrings) {
  TextPool pool;
  std::vector<std::pair<Text, std::string>> made;
  for (int i = 0; i < 20000; ++i) {
    std::string s = "name_" + std::to_string(i);
    if (i % 5000 == 17) s = std::string(100000, static_cast<char>('a' + i % 26));  // own block
    if (i % 7 == 3) s.clear();
    made.emplace_back(pool.make(s), s);
  }
  for (const auto& [text, expected] : made) {
    ASSERT_EQ(text.view(), expected);
    ASSERT_EQ(text.c_str()[text.size()], '\0');
  }
}

}  // namespace
}  // namespace swb::ir
