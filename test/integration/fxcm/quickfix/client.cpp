// A small QuickFIX (C++, Debian's libquickfix-dev) FIX 4.4 initiator that trades against the FXCM simulator:
// Logon with Username/Password and TargetSubID as FXCM's guide shows, a market order, a resting limit order,
// its cancel, then Logout. Every ExecutionReport is printed as "ER <ClOrdID> <OrdStatus> <ExecType> <CumQty>".
// Usage: client <port> <senderCompID> <username> <password> <account>
#include <quickfix/Application.h>
#include <quickfix/MessageStore.h>
#include <quickfix/Session.h>
#include <quickfix/SessionSettings.h>
#include <quickfix/SocketInitiator.h>
#include <quickfix/Values.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>

namespace {

class Client : public FIX::Application {
 public:
  Client(std::string username, std::string password, std::string account)
      : username_(std::move(username)), password_(std::move(password)), account_(std::move(account)) {}

  std::atomic<bool> done{false};
  std::atomic<int> failures{0};

  void onCreate(const FIX::SessionID&) override {}
  void onLogon(const FIX::SessionID& id) override {
    std::cout << "LOGON" << std::endl;
    session_ = id;
    send(order("qf-mkt-1", '1', "1", "3", ""));
  }
  void onLogout(const FIX::SessionID&) override {
    std::cout << "LOGOUT" << std::endl;
    done = true;
  }
  void toAdmin(FIX::Message& message, const FIX::SessionID&) override {
    message.getHeader().setField(FIX::TargetSubID("U100D1"));
    if (message.getHeader().getField(FIX::FIELD::MsgType) == "A") {
      message.setField(553, username_);
      message.setField(554, password_);
    }
  }
  void toApp(FIX::Message& message, const FIX::SessionID&) throw(FIX::DoNotSend) override {
    message.getHeader().setField(FIX::TargetSubID("U100D1"));
  }
  void fromAdmin(const FIX::Message& message, const FIX::SessionID&) throw(FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue, FIX::RejectLogon) override {
    const std::string type = message.getHeader().getField(FIX::FIELD::MsgType);
    if (type == "3") {
      std::cout << "SESSION-REJECT " << message.toString() << std::endl;
      failures++;
    }
  }
  void fromApp(const FIX::Message& message, const FIX::SessionID&) throw(FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue, FIX::UnsupportedMessageType) override {
    const std::string type = message.getHeader().getField(FIX::FIELD::MsgType);
    if (type != "8") {
      std::cout << "MSG " << type << std::endl;
      return;
    }
    const std::string clOrdId = message.getField(11);
    const std::string status = message.getField(39);
    const std::string execType = message.getField(150);
    std::cout << "ER " << clOrdId << " " << status << " " << execType << " " << message.getField(14) << std::endl;
    if (clOrdId == "qf-mkt-1" && status == "2") send(order("qf-lmt-1", '2', "1", "1", "1.00000"));
    else if (clOrdId == "qf-lmt-1" && execType == "0") send(cancel());
    else if (clOrdId == "qf-cxl-1" && execType == "4") FIX::Session::lookupSession(session_)->logout("done");
    else if (status == "8") {
      failures++;
      FIX::Session::lookupSession(session_)->logout("rejected");
    }
  }

 private:
  FIX::Message order(const std::string& clOrdId, char ordType, const std::string& side, const std::string& tif, const std::string& price) {
    FIX::Message m;
    m.getHeader().setField(FIX::MsgType("D"));
    m.setField(1, account_);
    m.setField(11, clOrdId);
    m.setField(38, "10000");
    m.setField(40, std::string(1, ordType));
    if (!price.empty()) m.setField(44, price);
    m.setField(54, side);
    m.setField(55, "EUR/USD");
    m.setField(59, tif);
    m.setField(FIX::TransactTime());
    return m;
  }
  FIX::Message cancel() {
    FIX::Message m;
    m.getHeader().setField(FIX::MsgType("F"));
    m.setField(1, account_);
    m.setField(11, "qf-cxl-1");
    m.setField(41, "qf-lmt-1");
    m.setField(54, "1");
    m.setField(55, "EUR/USD");
    m.setField(FIX::TransactTime());
    return m;
  }
  void send(FIX::Message m) { FIX::Session::sendToTarget(m, session_); }

  std::string username_, password_, account_;
  FIX::SessionID session_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::cerr << "usage: client <port> <senderCompID> <username> <password> <account>" << std::endl;
    return 2;
  }
  std::stringstream config;
  config << "[DEFAULT]\nConnectionType=initiator\nHeartBtInt=30\nReconnectInterval=60\nUseDataDictionary=N\n"
         << "ResetOnLogon=Y\nStartTime=00:00:00\nEndTime=00:00:00\nSocketConnectHost=127.0.0.1\nSocketConnectPort=" << argv[1]
         << "\n[SESSION]\nBeginString=FIX.4.4\nSenderCompID=" << argv[2] << "\nTargetCompID=FXCM\n";
  try {
    FIX::SessionSettings settings(config);
    Client client(argv[3], argv[4], argv[5]);
    FIX::MemoryStoreFactory store;
    FIX::SocketInitiator initiator(client, store, settings);
    initiator.start();
    for (int i = 0; i < 300 && !client.done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    initiator.stop();
    if (!client.done) {
      std::cout << "TIMEOUT" << std::endl;
      return 3;
    }
    return client.failures == 0 ? 0 : 1;
  } catch (const std::exception& error) {
    std::cerr << "ERROR " << error.what() << std::endl;
    return 4;
  }
}
