// What the sync client's parts share about the server's answers.
#pragma once

#include <string>

#include "fieldcheck/core/result.h"
#include "fieldcheck/sync/http_client.h"

namespace fieldcheck::sync {

// An HTTP answer that is not 200 as an Error with the server's message: InvalidArgument for 400
// and 413, Unauthorized for 401 and 403, NotFound for 404, Conflict for 409, Locked for 429,
// Revoked for 410 with the code "wipe" (a wipe order), IoError for the rest.
Error serverError(const std::string& what, const HttpResponse& res);

}  // namespace fieldcheck::sync
