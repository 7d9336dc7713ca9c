#include "common/sha256.h"

#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace kompas {
namespace {

// FIPS 180-2's examples: the stored token hashes and the audit chain depend
// on these exact digests, so a change of library must not change them.
TEST(Sha256Test, KnownDigests) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  const std::string raw = Sha256("abc");
  ASSERT_EQ(raw.size(), 32u);
  EXPECT_EQ(static_cast<unsigned char>(raw[0]), 0xba);
  EXPECT_EQ(static_cast<unsigned char>(raw[31]), 0xad);
}

TEST(Sha256Test, EmbeddedNulsAreHashed) {
  EXPECT_NE(Sha256Hex(std::string("a\0b", 3)), Sha256Hex("a"));
}

// The algorithm is fetched once and shared: threads hashing at once must
// each get their own right answer.
TEST(Sha256Test, ThreadsHashAtOnce) {
  std::vector<std::thread> threads;
  std::vector<std::string> got(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      for (int n = 0; n < 1000; ++n) got[i] = Sha256Hex("abc");
    });
  }
  for (auto& t : threads) t.join();
  for (const std::string& g : got) {
    EXPECT_EQ(g, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}

}  // namespace
}  // namespace kompas
