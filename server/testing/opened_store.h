// A test fixture with a store opened in a fresh temp directory before each
// test, closed with the fixture. A test that does not need its writes synced
// (faster) sets sync_writes_ = false in its constructor; a fixture that builds
// on the store overrides Opened().
#ifndef KOMPAS_TESTING_OPENED_STORE_H_
#define KOMPAS_TESTING_OPENED_STORE_H_

#include <memory>

#include "gtest/gtest.h"
#include "store/store.h"
#include "testing/temp_dir.h"

namespace kompas::testing {

class OpenedStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::Store::Open({.data_dir = dir_.path(), .sync_writes = sync_writes_});
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = *std::move(opened);
    Opened();
  }

  // The fixture's own set-up, run once the store is open (not when opening
  // failed).
  virtual void Opened() {}

  bool sync_writes_ = true;
  TempDir dir_;  // before store_: removed after the store is closed
  std::unique_ptr<store::Store> store_;
};

}  // namespace kompas::testing

#endif  // KOMPAS_TESTING_OPENED_STORE_H_
