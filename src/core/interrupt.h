#pragma once

#include "core/error.h"

namespace quantloop {

// Ctrl-C (SIGINT) and SIGTERM set a flag instead of killing the process, so that long jobs
// stop between steps, record their outcome and leave the database consistent. A second
// signal while the first is being handled terminates at once.
void install_interrupt_handler();
bool interrupt_requested();
// Throws Interrupted when a stop was requested.
void throw_if_interrupted();
// For tests: forget a request.
void clear_interrupt();

class Interrupted : public Error {
 public:
  Interrupted() : Error("interrupted") {}
};

}  // namespace quantloop
