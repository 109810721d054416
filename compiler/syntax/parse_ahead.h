// Parsing the deferred blocks of a config a few chunks ahead of the one being lowered: the
// threads parse while the caller lowers, and at most `window` chunks are parsed ahead at
// once, so memory stays bounded whatever the size of the config. The caller is one of the
// parsers: when the chunk it asks for is not ready, it parses one itself instead of waiting.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/syntax/parser.h"

namespace swb::syntax {

class ParseAhead {
 public:
  // Called with each chunk just parsed, on the thread that parsed it.
  using Hook = std::function<void(const File&)>;

  // Parses every chunk of `files` on `workers` threads, the caller's included (next()
  // parses while it would otherwise wait); with one worker, on the calling thread alone.
  ParseAhead(std::vector<const DeferredBlocks*> files, unsigned workers, Hook on_parsed = {});
  ~ParseAhead();
  ParseAhead(const ParseAhead&) = delete;
  ParseAhead& operator=(const ParseAhead&) = delete;

  struct Chunk {
    std::size_t file = 0;    // index into the files given
    File syntax;             // its blocks and broken items
    Diagnostics diags;       // its syntax errors
    std::size_t worker = 0;  // the thread that parsed it, which frees it (see recycle)
  };
  // The next chunk in order, waiting for it if need be; nullopt after the last. Asking for
  // the next chunk says the caller is done with the previous one: its text is released
  // (DeferredBlocks::release_text).
  std::optional<Chunk> next();
  // Gives a chunk back once lowered, to be freed by the thread that parsed it: memory freed
  // by the thread that allocated it goes straight back to that thread's heap.
  void recycle(Chunk chunk);

 private:
  // Chunk::worker of a chunk next() parsed on the calling thread: recycle frees it there.
  static constexpr std::size_t kCaller = ~std::size_t{0};
  void work(std::size_t worker);
  Chunk parse(std::size_t task, std::size_t worker) const;

  struct Task {
    std::size_t file, chunk;
  };
  std::vector<const DeferredBlocks*> files_;
  Hook on_parsed_;
  std::vector<Task> tasks_;
  std::vector<std::optional<Chunk>> done_;
  std::size_t window_;
  std::size_t handed_ = 0;    // tasks taken by a worker or by next()
  std::size_t consumed_ = 0;  // tasks returned by next()
  std::size_t released_ = 0;  // tasks whose text was released
  bool stop_ = false;
  double waited_ms_ = 0;          // by next(), for SWB_TIME_REPORT
  std::size_t parsed_ahead_ = 0;  // chunks next() parsed while it would have waited, too
  std::mutex mu_;
  std::condition_variable ready_;          // a chunk was parsed
  std::condition_variable room_;           // a chunk was consumed (or stop)
  std::vector<std::vector<Chunk>> trash_;  // per worker: chunks it is to free
  std::vector<std::thread> threads_;
};

}  // namespace swb::syntax
