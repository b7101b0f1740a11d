#pragma once

#include "msp/customer.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace tw {

// The customer list as CSV (RFC 4180): a header row, CRLF line ends, fields quoted when they
// hold a comma, a quote or a line break. Shared by `customers --csv` and the GUI's export so
// both write the same file. Tokens are never part of it. A cell that a spreadsheet would
// run as a formula (starting with = + - @ TAB or CR) gets a leading ' (OWASP CSV injection).
namespace CustomerCsv {

QStringList header(); // id, name, account_name, status, cloud, created_on, active_since, features
QStringList fields(const Customer &customer);
QString neutralise(const QString &field);
QString quote(const QString &field);        // neutralised, then quoted where RFC 4180 needs it
QByteArray line(const QStringList &fields); // UTF-8, ending in CRLF
QByteArray document(const QList<Customer> &customers);

} // namespace CustomerCsv
} // namespace tw
