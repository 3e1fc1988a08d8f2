// Tests of hostile config input: numbers beyond a double, nesting far deeper than a spec,
// keys given twice, NUL bytes, and values so long or so cut that a message would flood
// the terminal or stop being UTF-8. Each is a clear SpecError, never a crash.
#include <gtest/gtest.h>

#include <string>

#include "rdha/stack/spec.hpp"
#include "testing/utf8.hpp"

namespace rdha::stack {
namespace {

using nlohmann::json;

// The SpecError spec_from_json_text throws for @p text (fails the test if none).
SpecError error_for_text(std::string_view text) {
  try {
    spec_from_json_text(text, "stack.json");
  } catch (const SpecError& e) {
    return e;
  }
  ADD_FAILURE() << "no SpecError for " << text.substr(0, 200);
  return SpecError::invalid({});
}

SpecError error_for(const json& config) {
  try {
    spec_from_json(config);
  } catch (const SpecError& e) {
    return e;
  }
  ADD_FAILURE() << "no SpecError";
  return SpecError::invalid({});
}

using testing::is_utf8;

std::string repeat(std::string_view text, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += text;
  return out;
}

TEST(SpecConfigText, ANumberBeyondADoubleIsMalformedJson) {
  const auto error = error_for_text(R"({"database": {"port": 1e400}})");
  EXPECT_STREQ(error.what(),
               "[rdha.spec.malformed_json] (stack.json) is not valid JSON at line 1, column 27: the number 1e400 is "
               "beyond the range of a 64-bit floating-point number. Fix the syntax (compare with the output of `rdha "
               "defaults`).");
  EXPECT_EQ(error_for_text(R"({"database": {"port": -1e400}})").code(), "malformed_json");
}

TEST(SpecConfigText, NestingFarDeeperThanASpecIsRefusedAtTheLimit) {
  // 100 000 levels would overflow the stack of anything recursive; the reader stops at
  // level 33 and names the path there.
  const std::string path = repeat("[0]", 32);
  EXPECT_STREQ(error_for_text(repeat("[", 100'000)).what(),
               ("[rdha.spec.invalid] (" + path +
                ") nests objects and arrays more than 32 levels deep; a spec nests at most five (compare with `rdha "
                "defaults`).")
                   .c_str());
  const auto objects = error_for_text(R"({"tags": )" + repeat(R"({"a": )", 100'000));
  ASSERT_EQ(objects.problems().size(), 1u) << objects.what();
  EXPECT_EQ(objects.problems()[0].subject, "tags" + repeat(".a", 31));
}

TEST(SpecConfigText, ThirtyTwoLevelsAreReadAndJudgedAsFields) {
  // At the limit the document is read and the decoder reports the field, not the depth.
  const auto error = error_for_text(R"({"tags": )" + repeat("[", 31) + repeat("]", 31) + "}");
  ASSERT_EQ(error.problems().size(), 1u) << error.what();
  EXPECT_EQ(error.problems()[0].subject, "tags");
}

TEST(SpecConfigText, ADeepDocumentBuiltInMemoryIsRefusedToo) {
  json deep = json::array();
  for (int i = 0; i < 100'000; ++i) deep = json::array({std::move(deep)});
  const auto error = error_for(json{{"regions", std::move(deep)}});
  ASSERT_EQ(error.problems().size(), 1u) << error.what();
  EXPECT_EQ(error.problems()[0].subject, "regions" + repeat("[0]", 31));
}

TEST(SpecConfigText, AKeyGivenTwiceIsReportedWithTheOtherProblems) {
  const auto error = error_for_text(R"({"database": {"port": 5432}, "database": {"port": 1}})");
  ASSERT_EQ(error.problems().size(), 2u) << error.what();
  EXPECT_EQ(error.problems()[0].subject, "database");
  EXPECT_EQ(error.problems()[0].message,
            "is given twice in the same object; only one of the two values could be used. Remove one.");
  EXPECT_EQ(error.problems()[1].subject, "database.port");
  const auto nested = error_for_text(R"({"tags": {"team": "a", "team": "a"}})");
  ASSERT_EQ(nested.problems().size(), 1u) << nested.what();
  EXPECT_EQ(nested.problems()[0].subject, "tags.team");
}

TEST(SpecConfigText, ANulByteIsMalformedWhereverItIs) {
  using namespace std::string_literals;
  EXPECT_STREQ(error_for_text("{\"database\": {}}\n\0garbage"s).what(),
               "[rdha.spec.malformed_json] (stack.json) is not valid JSON at line 2, column 1: a NUL byte, which JSON "
               "text never holds (is it a binary file?). Fix the syntax (compare with the output of `rdha "
               "defaults`).");
  EXPECT_EQ(error_for_text("{\"name_suffix\": \"a\0b\"}"s).code(), "malformed_json");
}

TEST(SpecConfigText, InvalidUtf8InTheTextGivesAWellFormedMessage) {
  const auto error = error_for_text("{\"name_suffix\": \"\xC3\x28\"}");
  EXPECT_EQ(error.code(), "malformed_json");
  EXPECT_TRUE(is_utf8(error.what())) << error.what();
  EXPECT_NE(std::string(error.what()).find("\\xC3"), std::string::npos) << error.what();
}

TEST(SpecConfigText, AHugeValueIsQuotedCutAtACharacterWithItsLength) {
  // 1 MB of a two-byte character: every message that repeats it quotes 1024 bytes at most.
  const std::string suffix = repeat("\xC3\xA9", 500'000);
  const auto error = error_for(json{{"name_suffix", suffix}, {"tags", {{"Name", "x"}}}});
  EXPECT_TRUE(is_utf8(error.what()));
  EXPECT_LT(std::string(error.what()).size(), 64'000u) << std::string(error.what()).substr(0, 2000);
  const std::string quoted = "\"" + repeat("\xC3\xA9", 512) + "...\" (1000000 bytes)";
  bool tag_reported = false;
  for (const auto& problem : error.problems()) {
    if (problem.subject == "name_suffix") {
      EXPECT_EQ(problem.message.rfind(quoted, 0), 0u) << problem.message;
    } else if (problem.subject == "tags.Name") {
      tag_reported = true;
      EXPECT_EQ(problem.message, "tag key \"Name\" is set by rdha on every resource (e.g. \"primary-vpc" +
                                     repeat("\xC3\xA9", 506) + "...\" (1000011 bytes)); use another key.");
    }
  }
  EXPECT_TRUE(tag_reported) << error.what();
}

TEST(SpecConfigText, AValueOfTheWrongTypeIsShownCutAtACharacter) {
  // The value is rendered as JSON text and cut at 77 bytes: 1 quote + 38 characters of two
  // bytes, never half of the 39th.
  const auto error = error_for(json{{"database", {{"port", repeat("\xC3\xA9", 100)}}}});
  ASSERT_EQ(error.problems().size(), 1u) << error.what();
  EXPECT_TRUE(is_utf8(error.what()));
  EXPECT_EQ(error.problems()[0].message, "must be an integer, got \"" + repeat("\xC3\xA9", 38) + "....");
}

}  // namespace
}  // namespace rdha::stack
