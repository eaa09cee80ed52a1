#include "sql.h"

namespace fieldcheck::server::sql {

Status Statement::run() {
    for (;;) {
        auto row = m_impl->step();
        if (!row.ok()) {
            m_impl->reset();
            return row.error();
        }
        if (!row.value()) break;
    }
    m_impl->reset();
    return {};
}

Status Db::exec(std::string_view sql) {
    FC_ASSIGN_OR_RETURN(Statement st, prepare(sql));
    return st.run();
}

Result<std::string> Db::queryText(std::string_view sql) {
    FC_ASSIGN_OR_RETURN(Statement st, prepare(sql));
    FC_ASSIGN_OR_RETURN(bool found, st.step());
    if (!found) return makeError(ErrorCode::NotFound, "no row for: " + std::string(sql));
    return st.text(0);
}

Result<int64_t> Db::queryInt(std::string_view sql) {
    FC_ASSIGN_OR_RETURN(Statement st, prepare(sql));
    FC_ASSIGN_OR_RETURN(bool found, st.step());
    if (!found) return makeError(ErrorCode::NotFound, "no row for: " + std::string(sql));
    return st.int64(0);
}

}  // namespace fieldcheck::server::sql
