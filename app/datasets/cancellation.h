// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Cooperative cancellation for long dataset work (curation, export): the caller owns a
// std::atomic<bool> (e.g. BackgroundTask's, set by the progress dialog's Cancel button) and
// passes a pointer to it; the work checks it at loop boundaries and stops by throwing
// OperationCancelled, after which nothing it was writing is kept. A null pointer never cancels.
#include "engine/core/error.h"

#include <atomic>

namespace ts {

using CancelFlag = const std::atomic<bool>*;

// A ts::Error so handlers that only know ts::Error still report it sensibly; callers that treat
// cancellation as a normal outcome catch this type first.
class OperationCancelled : public Error {
public:
    explicit OperationCancelled(const std::string& what) : Error(what + " was cancelled") {}
};

inline bool isCancelled(CancelFlag cancel) {
    return cancel && cancel->load(std::memory_order_relaxed);
}

// Throws OperationCancelled naming `what` when the flag is set.
inline void throwIfCancelled(CancelFlag cancel, const char* what) {
    if (isCancelled(cancel)) throw OperationCancelled(what);
}

}  // namespace ts
