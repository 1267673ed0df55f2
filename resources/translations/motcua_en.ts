<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="vi_VN">
    <context>
        <name />
        <message>
            <source>Ghi đè?</source>
            <translation>Overwrite?</translation>
        </message>
        <message>
            <source>Tệp «{name}» đã có trong thư mục {folder}.
Ghi đè lên tệp đó? Nội dung cũ sẽ mất.</source>
            <translation>The file “{name}” already exists in {folder}.
Overwrite it? Its old content will be lost.</translation>
        </message>
        <message>
            <source>Ghi đè</source>
            <translation>Overwrite</translation>
        </message>
        <message>
            <source>Không ghi đè</source>
            <translation>Do not overwrite</translation>
        </message>
    </context>
    <context>
        <name>AdminPage</name>
        <message>
            <source>Người dùng</source>
            <translation>Users</translation>
        </message>
        <message>
            <source>Thông tin đơn vị</source>
            <translation>Agency details</translation>
        </message>
        <message>
            <source>Lịch làm việc</source>
            <translation>Working calendar</translation>
        </message>
    </context>
    <context>
        <name>AgencyTab</name>
        <message>
            <source>Tên đơn vị (in trên phiếu)</source>
            <translation>Agency name (printed on slips)</translation>
        </message>
        <message>
            <source>Cơ quan chủ quản</source>
            <translation>Parent authority</translation>
        </message>
        <message>
            <source>Địa danh</source>
            <translation>Place</translation>
        </message>
        <message>
            <source>Địa chỉ tra cứu hồ sơ</source>
            <translation>Dossier look-up address</translation>
        </message>
        <message>
            <source>Đường dây nóng</source>
            <translation>Hotline</translation>
        </message>
        <message>
            <source>Chức danh người đứng đầu</source>
            <translation>Head's title</translation>
        </message>
        <message>
            <source>Họ tên người đứng đầu</source>
            <translation>Head's name</translation>
        </message>
        <message>
            <source>Mã đơn vị</source>
            <translation>Agency code</translation>
        </message>
        <message>
            <source>Lưu thông tin đơn vị</source>
            <translation>Save agency details</translation>
        </message>
        <message>
            <source>Đã lưu thông tin đơn vị; phiếu in từ bây giờ dùng thông tin mới.</source>
            <translation>Agency details saved; slips printed from now on use them.</translation>
        </message>
    </context>
    <context>
        <name>ApplicantForm</name>
        <message>
            <source>12 số định danh cá nhân (căn cước)</source>
            <extracomment>The ID number matched an earlier applicant and the empty fields were filled (their name).</extracomment>
            <translation>12-digit personal ID number (citizen card)</translation>
        </message>
        <message>
            <source>Họ và tên đầy đủ, có dấu</source>
            <translation>Full name, with diacritics</translation>
        </message>
        <message>
            <source>ngày/tháng/năm</source>
            <translation>day/month/year</translation>
        </message>
        <message>
            <source>Nam</source>
            <translation>Male</translation>
        </message>
        <message>
            <source>Nữ</source>
            <translation>Female</translation>
        </message>
        <message>
            <source>Số nhà, thôn/tổ, xã/phường, tỉnh/thành phố</source>
            <translation>House no., hamlet, commune/ward, province/city</translation>
        </message>
        <message>
            <source>Số định danh</source>
            <translation>ID number</translation>
        </message>
        <message>
            <source>Họ và tên</source>
            <translation>Full name</translation>
        </message>
        <message>
            <source>Ngày sinh</source>
            <translation>Date of birth</translation>
        </message>
        <message>
            <source>Giới tính</source>
            <translation>Sex</translation>
        </message>
        <message>
            <source>Điện thoại</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Email</source>
            <translation>Email</translation>
        </message>
        <message>
            <source>Địa chỉ</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Ngày sinh chưa đúng dạng ngày/tháng/năm, ví dụ 05/09/1980.</source>
            <translation>The date of birth is not day/month/year, for example 05/09/1980.</translation>
        </message>
        <message>
            <source>Đã điền theo hồ sơ trước của {name}; hãy hỏi lại địa chỉ, điện thoại nếu có thay đổi.</source>
            <translation>Filled in from {name}'s earlier dossier; ask whether the address or phone has changed.</translation>
        </message>
    </context>
    <context>
        <name>AttachmentsPanel</name>
        <message>
            <source>dùng lại (đính kèm khi lưu hồ sơ)</source>
            <translation>reused (attached when the dossier is saved)</translation>
        </message>
        <message>
            <source>{n} tệp chờ đính kèm khi lưu hồ sơ</source>
            <translation>{n} files to attach when the dossier is saved</translation>
        </message>
        <message>
            <source>Thành phần {pos}: {error}</source>
            <translation>Component {pos}: {error}</translation>
        </message>
        <message>
            <source>Thành phần hồ sơ và tệp số hóa</source>
            <translation>Dossier components and digitised files</translation>
        </message>
        <message>
            <source>Chọn một giấy tờ đã số hóa để xem trang đầu.</source>
            <translation>Select a digitised paper to see its first page.</translation>
        </message>
        <message>
            <source>Số/ký hiệu giấy tờ kết quả (nếu có)</source>
            <translation>Number/reference of the result paper (if any)</translation>
        </message>
        <message>
            <source>Tệp quét mới chờ gán</source>
            <translation>New scans waiting to be assigned</translation>
        </message>
        <message>
            <source>Giấy tờ đã số hóa có thể dùng lại</source>
            <translation>Digitised papers that can be reused</translation>
        </message>
        <message>
            <source>Chọn tệp… (Ctrl+O)</source>
            <translation>Choose files… (Ctrl+O)</translation>
        </message>
        <message>
            <source>Mở (Enter)</source>
            <translation>Open (Enter)</translation>
        </message>
        <message>
            <source>Thư mục máy quét…</source>
            <translation>Scanner folder…</translation>
        </message>
        <message>
            <source>Dùng lại cho thành phần đang chọn (Ctrl+R)</source>
            <translation>Reuse for the selected component (Ctrl+R)</translation>
        </message>
        <message>
            <source>Gán tệp quét mới nhất (F8)</source>
            <translation>Assign the newest scan (F8)</translation>
        </message>
        <message>
            <source>Giấy tờ của hồ sơ (kéo thả tệp vào đây):</source>
            <translation>Papers of the dossier (drop files here):</translation>
        </message>
        <message>
            <source>Tệp quét mới:</source>
            <translation>New scans:</translation>
        </message>
        <message>
            <source>Giấy tờ đã số hóa có thể dùng lại:</source>
            <translation>Digitised papers that can be reused:</translation>
        </message>
        <message>
            <source>chưa số hóa</source>
            <translation>not digitised</translation>
        </message>
        <message>
            <source>dùng lại từ hồ sơ {code}</source>
            <translation>reused from dossier {code}</translation>
        </message>
        <message>
            <source>số hóa</source>
            <translation>digitised</translation>
        </message>
        <message>
            <source>{pages} trang, {size}, {how}</source>
            <translation>{pages} pages, {size}, {how}</translation>
        </message>
        <message>
            <source>{pages} trang</source>
            <translation>{pages} pages</translation>
        </message>
        <message>
            <source>Kết quả giải quyết — {state}</source>
            <translation>Result — {state}</translation>
        </message>
        <message>
            <source>{name} — hồ sơ {code}, {day}, {pages} trang</source>
            <translation>{name} — dossier {code}, {day}, {pages} pages</translation>
        </message>
        <message>
            <source>Hãy chọn giấy tờ cần đính kèm trước.</source>
            <translation>Select the paper to attach to first.</translation>
        </message>
        <message>
            <source>Đã đính kèm «{name}»: {pages} trang, {size}.</source>
            <translation>Attached “{name}”: {pages} pages, {size}.</translation>
        </message>
        <message>
            <source>Chọn ảnh quét hoặc PDF</source>
            <translation>Choose scanned images or PDFs</translation>
        </message>
        <message>
            <source>Ảnh quét và PDF (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;Mọi tệp (*)</source>
            <translation>Scans and PDFs (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;All files (*)</translation>
        </message>
        <message>
            <source>Đang theo dõi thư mục máy quét {folder}: tệp mới sẽ hiện ở «Tệp quét mới», nhấn F8 để gán vào giấy tờ đang chọn.</source>
            <translation>Watching the scanner folder {folder}: new files appear under “New scans”; press F8 to assign one to the selected paper.</translation>
        </message>
        <message>
            <source>Thư mục máy quét lưu tệp vào</source>
            <translation>Folder the scanner saves into</translation>
        </message>
        <message>
            <source>Chưa có tệp quét mới. Hãy quét giấy tờ vào thư mục máy quét.</source>
            <translation>No new scan yet. Scan the paper into the scanner folder.</translation>
        </message>
        <message>
            <source>Hãy chọn giấy tờ đã số hóa và thành phần cần dùng lại.</source>
            <translation>Select a digitised paper and the component to reuse it for.</translation>
        </message>
        <message>
            <source>Giấy tờ này chưa số hóa. Kéo thả tệp, Ctrl+O hoặc F8 để đính kèm.</source>
            <translation>This paper is not digitised yet. Drop files, press Ctrl+O or F8 to attach.</translation>
        </message>
        <message>
            <source>chờ máy lưu động «{laptop}» gửi tệp về</source>
            <translation>waiting for home-visit laptop «{laptop}» to send the file</translation>
        </message>
    </context>
    <context>
        <name>BarChart</name>
        <message>
            <source>Chưa có số liệu</source>
            <translation>No figures yet</translation>
        </message>
    </context>
    <context>
        <name>CalendarPage</name>
        <message>
            <source>Năm:</source>
            <translation>Year:</translation>
        </message>
        <message>
            <source>Ngày</source>
            <translation>Day</translation>
        </message>
        <message>
            <source>Loại</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>Nguồn</source>
            <translation>Source</translation>
        </message>
        <message>
            <source>Ghi chú</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Lý do, văn bản quyết định (bắt buộc)</source>
            <translation>Reason, deciding document (required)</translation>
        </message>
        <message>
            <source>Ghi ngày</source>
            <translation>Save day</translation>
        </message>
        <message>
            <source>Bỏ ngày</source>
            <translation>Remove day</translation>
        </message>
        <message>
            <source>Nhập tệp của tỉnh…</source>
            <translation>Import the province file…</translation>
        </message>
        <message>
            <source>Xem hồ sơ đổi hạn</source>
            <translation>Show dossiers whose due date changes</translation>
        </message>
        <message>
            <source>Tính lại hạn trả</source>
            <translation>Recompute due dates</translation>
        </message>
        <message>
            <source>Ngày nghỉ lễ theo Bộ luật Lao động được tính sẵn; ở đây ghi các ngày nghỉ, ngày làm bù do Thủ tướng hoặc tỉnh quyết định. Sau khi đổi lịch, bấm «Tính lại hạn trả» để cập nhật hồ sơ đang giải quyết và in lại phiếu hẹn.</source>
            <translation>Public holidays of the Labour Code are built in; record here the days off and swapped working days decided by the Prime Minister or the province. After changing the calendar, press “Recompute due dates” to update open dossiers and reprint their slips.</translation>
        </message>
        <message>
            <source>Đã ghi ngày {day}.</source>
            <translation>Saved {day}.</translation>
        </message>
        <message>
            <source>Đã bỏ ngày {day} khỏi bảng của đơn vị.</source>
            <translation>Removed {day} from the desk’s table.</translation>
        </message>
        <message>
            <source>Chọn tệp lịch (JSON)</source>
            <translation>Choose a calendar file (JSON)</translation>
        </message>
        <message>
            <source>Tệp JSON (*.json)</source>
            <translation>JSON files (*.json)</translation>
        </message>
        <message>
            <source>Đã nhập {n} ngày từ tệp {name}.</source>
            <translation>Imported {n} days from {name}.</translation>
        </message>
        <message>
            <source>{n} hồ sơ đang giải quyết sẽ đổi hạn trả: bấm «Tính lại hạn trả».</source>
            <translation>{n} open dossiers will get a new due date: press “Recompute due dates”.</translation>
        </message>
        <message>
            <source>Không hồ sơ đang giải quyết nào đổi hạn trả theo lịch hiện tại.</source>
            <translation>No open dossier changes its due date under the current calendar.</translation>
        </message>
        <message>
            <source>Đã tính lại hạn trả của {n} hồ sơ; cần in lại phiếu hẹn của các hồ sơ dưới đây.</source>
            <translation>Recomputed the due date of {n} dossiers; reprint the slips of the dossiers below.</translation>
        </message>
        <message>
            <source>{n} hồ sơ sẽ đổi hạn trả (chưa ghi): bấm «Tính lại hạn trả» để ghi.</source>
            <translation>{n} dossiers would get a new due date (not saved): press “Recompute due dates” to save.</translation>
        </message>
        <message>
            <source>Lỗi không mong đợi ({name}); hãy thử lại hoặc báo bộ phận CNTT.</source>
            <translation>Unexpected error ({name}); try again or tell the IT staff.</translation>
        </message>
    </context>
    <context>
        <name>ChangePasswordDialog</name>
        <message>
            <source>Đổi mật khẩu</source>
            <translation>Change password</translation>
        </message>
        <message>
            <source>Đây là lần đăng nhập đầu tiên với mật khẩu do quản trị đặt. Hãy chọn mật khẩu riêng của bạn để tiếp tục.</source>
            <translation>This is your first sign-in with a password set by the administrator. Choose your own password to continue.</translation>
        </message>
        <message>
            <source>Mật khẩu hiện tại</source>
            <translation>Current password</translation>
        </message>
        <message>
            <source>Mật khẩu mới (ít nhất 10 ký tự, có chữ và số)</source>
            <translation>New password (at least 10 characters, letters and digits)</translation>
        </message>
        <message>
            <source>Nhập lại mật khẩu mới</source>
            <translation>New password again</translation>
        </message>
        <message>
            <source>Thoát</source>
            <translation>Quit</translation>
        </message>
        <message>
            <source>Hủy</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Hai lần nhập mật khẩu mới không giống nhau; hãy nhập lại.</source>
            <translation>The two new passwords differ; type them again.</translation>
        </message>
    </context>
    <context>
        <name>ComponentsTable</name>
        <message>
            <source>Thành phần hồ sơ</source>
            <translation>Papers of the dossier</translation>
        </message>
        <message>
            <source>Bản chính</source>
            <translation>Originals</translation>
        </message>
        <message>
            <source>Bản sao</source>
            <translation>Certified copies</translation>
        </message>
        <message>
            <source>Bản photo</source>
            <translation>Photocopies</translation>
        </message>
        <message>
            <source>Thêm giấy tờ khác: gõ tên rồi Enter (Space trong bảng: có/không)</source>
            <translation>Add another paper: type its name, then Enter (Space in the table: yes/no)</translation>
        </message>
    </context>
    <context>
        <name>CorrectionDialog</name>
        <message>
            <source>Sửa thông tin người nộp — {code}</source>
            <extracomment>The correction was saved (its CorrectionResult).</extracomment>
            <translation>Correct the applicant's details — {code}</translation>
        </message>
        <message>
            <source>Bắt buộc: vì sao sửa, ví dụ «gõ nhầm tên khi tiếp nhận»</source>
            <translation>Required: why, e.g. “name mistyped at intake”</translation>
        </message>
        <message>
            <source>Mã hồ sơ, ngày tiếp nhận và ngày hẹn trả không đổi. Giá trị cũ và mới được ghi vào quá trình xử lý và nhật ký.</source>
            <translation>The dossier code, intake date and return date do not change. Old and new values are recorded in the history and the audit log.</translation>
        </message>
        <message>
            <source>Họ và tên</source>
            <translation>Full name</translation>
        </message>
        <message>
            <source>Số định danh</source>
            <translation>ID number</translation>
        </message>
        <message>
            <source>Điện thoại</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>Địa chỉ</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Lý do sửa</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>Lưu thay đổi</source>
            <translation>Save changes</translation>
        </message>
        <message>
            <source>Hủy</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Sẽ lưu là: {name}</source>
            <translation>Will be saved as: {name}</translation>
        </message>
    </context>
    <context>
        <name>DataSafetyDialog</name>
        <message>
            <source>Sao lưu và kiểm tra dữ liệu</source>
            <translation>Backup and data check</translation>
        </message>
        <message>
            <source>Sao lưu ngay…</source>
            <translation>Back up now…</translation>
        </message>
        <message>
            <source>Khôi phục từ bản sao lưu…</source>
            <translation>Restore from a backup…</translation>
        </message>
        <message>
            <source>Kiểm tra dữ liệu</source>
            <translation>Check the data</translation>
        </message>
        <message>
            <source>Đóng</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>chưa có</source>
            <translation>none yet</translation>
        </message>
        <message>
            <source>được mã hóa</source>
            <translation>encrypted</translation>
        </message>
        <message>
            <source>không mã hóa</source>
            <translation>not encrypted</translation>
        </message>
        <message>
            <source>Mỗi ngày ứng dụng tự sao lưu một lần và giữ 7 bản hằng ngày, 4 bản hằng tuần, 12 bản hằng tháng trong thư mục {folder}. Hiện có {n} bản; mới nhất: {latest}. Cơ sở dữ liệu và các bản sao lưu: {enc}.</source>
            <translation>The app backs up once a day and keeps 7 daily, 4 weekly and 12 monthly copies in {folder}. There are {n} copies now; the newest: {latest}. Database and backups: {enc}.</translation>
        </message>
        <message>
            <source>Lưu bản sao lưu</source>
            <translation>Save the backup</translation>
        </message>
        <message>
            <source>Bản sao lưu Một Cửa (*.sqlite3)</source>
            <translation>Một Cửa backups (*.sqlite3)</translation>
        </message>
        <message>
            <source>Đang sao lưu…</source>
            <translation>Backing up…</translation>
        </message>
        <message>
            <source>Đã sao lưu vào {path}.</source>
            <translation>Backed up to {path}.</translation>
        </message>
        <message>
            <source>Chọn bản sao lưu</source>
            <translation>Choose a backup</translation>
        </message>
        <message>
            <source>Khôi phục dữ liệu</source>
            <translation>Restore data</translation>
        </message>
        <message>
            <source>Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu {name}? Tệp được kiểm tra trước; dữ liệu hiện tại được giữ lại thành một bản sao lưu riêng nên có thể quay lại.</source>
            <translation>Replace all current data with the backup {name}? The file is checked first; the current data is kept aside as its own backup, so you can go back.</translation>
        </message>
        <message>
            <source>Đang kiểm tra và khôi phục…</source>
            <translation>Checking and restoring…</translation>
        </message>
        <message>
            <source>Đã khôi phục từ {src} ({n} hồ sơ).</source>
            <translation>Restored from {src} ({n} dossiers).</translation>
        </message>
        <message>
            <source>Dữ liệu trước khi khôi phục được giữ ở {aside}.</source>
            <translation>The data from before the restore is kept in {aside}.</translation>
        </message>
        <message>
            <source>Đang kiểm tra (có thể mất vài phút với dữ liệu lớn)…</source>
            <translation>Checking (may take a few minutes with a lot of data)…</translation>
        </message>
    </context>
    <context>
        <name>DetailPane</name>
        <message>
            <source>Chọn một hồ sơ trong danh sách, hoặc quét mã trên phiếu hẹn.</source>
            <extracomment>The dossier shown was loaded (its DossierDetail) — tests and the list wait on it.</extracomment>
            <translation>Pick a dossier in the list, or scan the code on its slip.</translation>
        </message>
        <message>
            <source>&lt;div style='color:#667; font-size:11pt; margin:12px'&gt;&lt;p&gt;Phím tắt:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Ctrl+F&lt;/b&gt; — tìm theo mã, số định danh, điện thoại, họ tên (không cần dấu)&lt;/li&gt;&lt;li&gt;&lt;b&gt;↑ ↓&lt;/b&gt; — chọn hồ sơ trong danh sách&lt;/li&gt;&lt;li&gt;Quét mã vạch trên phiếu hẹn ở bất kỳ đâu trong cửa sổ để mở hồ sơ&lt;/li&gt;&lt;li&gt;&lt;b&gt;F2&lt;/b&gt; — tiếp nhận hồ sơ mới&lt;/li&gt;&lt;/ul&gt;&lt;/div&gt;</source>
            <translation type="vanished">&lt;div style='color:#667; font-size:11pt; margin:12px'&gt;&lt;p&gt;Shortcuts:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Ctrl+F&lt;/b&gt; — search by code, ID number, phone, name (diacritics optional)&lt;/li&gt;&lt;li&gt;&lt;b&gt;↑ ↓&lt;/b&gt; — choose a dossier in the list&lt;/li&gt;&lt;li&gt;Scan the barcode of a slip anywhere in the window to open its dossier&lt;/li&gt;&lt;li&gt;&lt;b&gt;F2&lt;/b&gt; — receive a new dossier&lt;/li&gt;&lt;/ul&gt;&lt;/div&gt;</translation>
        </message>
        <message>
            <source>Việc khác…</source>
            <translation>Other moves…</translation>
        </message>
        <message>
            <source>In lại mẫu…</source>
            <translation>Reprint form…</translation>
        </message>
        <message>
            <source>Thông tin hồ sơ</source>
            <translation>Dossier details</translation>
        </message>
        <message>
            <source>Giấy tờ số hóa</source>
            <translation>Digitised papers</translation>
        </message>
        <message>
            <source>Số định danh {number}</source>
            <translation>ID number {number}</translation>
        </message>
        <message>
            <source>sinh {date}</source>
            <translation>born {date}</translation>
        </message>
        <message>
            <source>Người nộp</source>
            <translation>Applicant</translation>
        </message>
        <message>
            <source>Địa chỉ</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Liên hệ</source>
            <translation>Contact</translation>
        </message>
        <message>
            <source>Thủ tục</source>
            <translation>Procedure</translation>
        </message>
        <message>
            <source>, mã nội bộ</source>
            <translation>, local code</translation>
        </message>
        <message>
            <source>Thời hạn</source>
            <translation>Time limit</translation>
        </message>
        <message>
            <source>Hình thức nộp</source>
            <translation>Channel</translation>
        </message>
        <message>
            <source>Nhận kết quả</source>
            <translation>Result delivery</translation>
        </message>
        <message>
            <source>Tiếp nhận</source>
            <translation>Intake</translation>
        </message>
        <message>
            <source>Hạn theo quy định</source>
            <translation>Legal due date</translation>
        </message>
        <message>
            <source>Hẹn mới (xin lỗi, gia hạn)</source>
            <translation>New date (apology, extension)</translation>
        </message>
        <message>
            <source>Hồ sơ này nhập từ sổ theo dõi của tỉnh: hãy sửa trên hệ thống của tỉnh rồi nhập lại sổ; trên máy này không sửa được.</source>
            <translation>This dossier was imported from the provincial register: correct it on the provincial system and import the register again; it cannot be corrected on this machine.</translation>
        </message>
        <message>
            <source>Hẹn trả</source>
            <translation type="vanished">Due</translation>
        </message>
        <message>
            <source>Ưu tiên</source>
            <translation>Priority</translation>
        </message>
        <message>
            <source>Đơn vị xử lý</source>
            <translation>Handling unit</translation>
        </message>
        <message>
            <source>Đã trả</source>
            <translation>Returned</translation>
        </message>
        <message>
            <source>Mức hài lòng</source>
            <translation>Satisfaction</translation>
        </message>
        <message>
            <source>Ghi chú</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Bàn giao: {giver} → {taker}</source>
            <translation>Handed over: {giver} → {taker}</translation>
        </message>
        <message>
            <source>Hẹn lại ngày trả (xin lỗi)</source>
            <translation>New return date (apology)</translation>
        </message>
        <message>
            <source>Ghi nhận mức hài lòng</source>
            <translation>Satisfaction recorded</translation>
        </message>
        <message>
            <source>&lt;div style='color:#667; font-size:11pt; margin:12px'&gt;&lt;p&gt;Phím tắt:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Ctrl+F&lt;/b&gt; — tìm theo mã, số định danh, điện thoại, họ tên (không cần dấu)&lt;/li&gt;&lt;li&gt;&lt;b&gt;↓&lt;/b&gt; hoặc &lt;b&gt;Enter&lt;/b&gt; từ ô tìm kiếm — vào danh sách; &lt;b&gt;↑ ↓&lt;/b&gt; — chọn hồ sơ&lt;/li&gt;&lt;li&gt;&lt;b&gt;Enter&lt;/b&gt; trên hồ sơ — việc chính (chuyển xử lý, trả kết quả…)&lt;/li&gt;&lt;li&gt;Quét mã vạch trên phiếu hẹn ở bất kỳ đâu trong cửa sổ để mở hồ sơ&lt;/li&gt;&lt;li&gt;&lt;b&gt;F2&lt;/b&gt; — tiếp nhận hồ sơ mới&lt;/li&gt;&lt;/ul&gt;&lt;/div&gt;</source>
            <translation>&lt;div style='color:#667; font-size:11pt; margin:12px'&gt;&lt;p&gt;Shortcuts:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Ctrl+F&lt;/b&gt; — search by code, ID number, phone, name (no diacritics needed)&lt;/li&gt;&lt;li&gt;&lt;b&gt;↓&lt;/b&gt; or &lt;b&gt;Enter&lt;/b&gt; from the search box — into the list; &lt;b&gt;↑ ↓&lt;/b&gt; — choose a dossier&lt;/li&gt;&lt;li&gt;&lt;b&gt;Enter&lt;/b&gt; on a dossier — its main step (forward, hand back…)&lt;/li&gt;&lt;li&gt;Scan the barcode on a slip anywhere in the window to open the dossier&lt;/li&gt;&lt;li&gt;&lt;b&gt;F2&lt;/b&gt; — receive a new dossier&lt;/li&gt;&lt;/ul&gt;&lt;/div&gt;</translation>
        </message>
        <message>
            <source>Sửa thông tin người nộp</source>
            <translation>Applicant's details corrected</translation>
        </message>
    </context>
    <context>
        <name>DossierActions</name>
        <message>
            <source>Tiếp nhận hồ sơ</source>
            <extracomment>A move succeeded: the dossier as it is now.</extracomment>
            <translation>Accept the dossier</translation>
        </message>
        <message>
            <source>Nhận hồ sơ bổ sung</source>
            <translation>Supplement received</translation>
        </message>
        <message>
            <source>Chuyển xử lý…</source>
            <translation>Forward for processing…</translation>
        </message>
        <message>
            <source>Đã có kết quả</source>
            <translation type="vanished">Result ready</translation>
        </message>
        <message>
            <source>Trả kết quả…</source>
            <translation>Hand back the result…</translation>
        </message>
        <message>
            <source>Yêu cầu bổ sung (Mẫu 02)…</source>
            <translation>Request a supplement (Form 02)…</translation>
        </message>
        <message>
            <source>Bàn giao…</source>
            <translation>Hand over…</translation>
        </message>
        <message>
            <source>Hẹn lại, xin lỗi (Mẫu 04)…</source>
            <translation>Reschedule with apology (Form 04)…</translation>
        </message>
        <message>
            <source>Chờ nghĩa vụ tài chính…</source>
            <translation>Awaiting payment…</translation>
        </message>
        <message>
            <source>Từ chối (Mẫu 03)…</source>
            <translation>Refuse (Form 03)…</translation>
        </message>
        <message>
            <source>Công dân rút hồ sơ…</source>
            <translation>Withdrawn by the citizen…</translation>
        </message>
        <message>
            <source>Dừng xử lý…</source>
            <translation>Stop processing…</translation>
        </message>
        <message>
            <source>Chuyển xử lý hồ sơ {code}</source>
            <translation>Forward dossier {code}</translation>
        </message>
        <message>
            <source>Bàn giao hồ sơ {code}</source>
            <translation>Hand over dossier {code}</translation>
        </message>
        <message>
            <source>Chờ thực hiện nghĩa vụ tài chính</source>
            <translation>Awaiting payment of fees</translation>
        </message>
        <message>
            <source>Từ chối tiếp nhận, giải quyết hồ sơ</source>
            <translation>Refuse to accept or process the dossier</translation>
        </message>
        <message>
            <source>Công dân rút hồ sơ</source>
            <translation>Withdrawn by the citizen</translation>
        </message>
        <message>
            <source>Dừng xử lý hồ sơ</source>
            <translation>Stop processing the dossier</translation>
        </message>
        <message>
            <source>Hồ sơ {code}: {status}.</source>
            <translation>Dossier {code}: {status}.</translation>
        </message>
        <message>
            <source>Đã xử lý xong</source>
            <translation>Processing finished</translation>
        </message>
        <message>
            <source>Sửa thông tin người nộp…</source>
            <translation>Correct the applicant's details…</translation>
        </message>
        <message>
            <source>Ghi nhận hồ sơ {code} đã xử lý xong (có kết quả)? Kết quả được trả cho công dân ở bước sau.</source>
            <translation>Record dossier {code} as processed (result ready)? The result is handed to the citizen in the next step.</translation>
        </message>
        <message>
            <source>Ghi nhận đã nhận đủ hồ sơ bổ sung của {code}? Thời hạn giải quyết được tính tiếp từ bây giờ.</source>
            <translation>Record that the extra papers for {code} have arrived? The time limit runs again from now.</translation>
        </message>
        <message>
            <source>Đã nhận bổ sung</source>
            <translation>Papers received</translation>
        </message>
        <message>
            <source>Xác nhận</source>
            <translation>Confirm</translation>
        </message>
        <message>
            <source>Hủy</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Đã sửa thông tin hồ sơ {code}: {what}.</source>
            <translation>Dossier {code} corrected: {what}.</translation>
        </message>
        <message>
            <source>In lại phiếu hẹn?</source>
            <translation>Print the slip again?</translation>
        </message>
        <message>
            <source>Thông tin người nộp đã đổi. In lại phiếu hẹn {code} với thông tin mới để đưa công dân?</source>
            <translation>The applicant's details changed. Print slip {code} again with the new details for the citizen?</translation>
        </message>
        <message>
            <source>In lại phiếu hẹn</source>
            <translation>Print the slip again</translation>
        </message>
        <message>
            <source>Không in</source>
            <translation>Do not print</translation>
        </message>
    </context>
    <context>
        <name>DossierListPage</name>
        <message>
            <source>Tìm theo mã hồ sơ, số định danh, điện thoại, họ tên, địa chỉ (không cần dấu) — Ctrl+F</source>
            <extracomment>A dossier was opened in the detail pane (its DossierDetail).</extracomment>
            <translation>Search by dossier code, ID number, phone, name, address (diacritics optional) — Ctrl+F</translation>
        </message>
        <message>
            <source>Xuất Excel…</source>
            <translation>Export to Excel…</translation>
        </message>
        <message>
            <source>Đang tìm…</source>
            <translation>Searching…</translation>
        </message>
        <message>
            <source>Không có hồ sơ nào khớp. Hãy thử bớt chữ hoặc bỏ lọc.</source>
            <translation>No dossier matches. Try fewer words or clear the filters.</translation>
        </message>
        <message>
            <source>Đang hiện {rows} hồ sơ mới nhất — cuộn xuống để xem thêm.</source>
            <translation>Showing the {rows} newest dossiers — scroll down for more.</translation>
        </message>
        <message>
            <source>{rows} hồ sơ.</source>
            <translation>{rows} dossiers.</translation>
        </message>
        <message>
            <source>Xuất danh sách hồ sơ</source>
            <translation>Export the dossier list</translation>
        </message>
        <message>
            <source>Tệp Excel (*.xlsx)</source>
            <translation>Excel files (*.xlsx)</translation>
        </message>
        <message>
            <source>Đang xuất danh sách hồ sơ…</source>
            <translation>Exporting the dossier list…</translation>
        </message>
        <message>
            <source>Đã xuất {rows} hồ sơ…</source>
            <translation>{rows} dossiers exported…</translation>
        </message>
        <message>
            <source>Đã xuất {rows} hồ sơ vào {path}.</source>
            <translation>Exported {rows} dossiers to {path}.</translation>
        </message>
    </context>
    <context>
        <name>DossierTableModel</name>
        <message>
            <source>Mã hồ sơ</source>
            <translation>Dossier code</translation>
        </message>
        <message>
            <source>Người nộp</source>
            <translation>Applicant</translation>
        </message>
        <message>
            <source>Trạng thái</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Hẹn trả</source>
            <translation>Due</translation>
        </message>
        <message>
            <source>Thủ tục</source>
            <translation>Procedure</translation>
        </message>
        <message>
            <source>Tiếp nhận</source>
            <translation>Intake</translation>
        </message>
        <message>
            <source>Số định danh</source>
            <translation>ID number</translation>
        </message>
        <message>
            <source>Quá hạn</source>
            <extracomment>Colours of the due-date states (services.due): background, text. A page arrived (or the first page of a new query): how many rows are loaded, and whether more exist.</extracomment>
            <translation>Overdue</translation>
        </message>
        <message>
            <source>Đến hạn hôm nay</source>
            <translation>Due today</translation>
        </message>
        <message>
            <source>Sắp đến hạn (trong 2 ngày)</source>
            <translation>Due soon (within 2 days)</translation>
        </message>
    </context>
    <context>
        <name>FilePage</name>
        <message>
            <source>Chọn tệp sổ theo dõi</source>
            <translation>Choose the register file</translation>
        </message>
        <message>
            <source>Sổ xuất từ hệ thống một cửa của tỉnh, dạng Excel (.xlsx) hoặc CSV.</source>
            <translation>The register exported from the provincial one-stop system, as Excel (.xlsx) or CSV.</translation>
        </message>
        <message>
            <source>Chọn tệp…</source>
            <translation>Choose file…</translation>
        </message>
        <message>
            <source>Đọc tệp</source>
            <translation>Read file</translation>
        </message>
        <message>
            <source>(không bắt buộc) tệp ghép cột đã lưu lần trước</source>
            <translation>(optional) column mapping file saved last time</translation>
        </message>
        <message>
            <source>Chọn tệp ghép cột…</source>
            <translation>Choose mapping file…</translation>
        </message>
        <message>
            <source>Tệp:</source>
            <translation>File:</translation>
        </message>
        <message>
            <source>Trang:</source>
            <translation>Sheet:</translation>
        </message>
        <message>
            <source>Ghép cột:</source>
            <translation>Mapping:</translation>
        </message>
        <message>
            <source>Chọn sổ theo dõi</source>
            <translation>Choose the register</translation>
        </message>
        <message>
            <source>Sổ theo dõi (*.xlsx *.csv *.xls)</source>
            <translation>Register (*.xlsx *.csv *.xls)</translation>
        </message>
        <message>
            <source>Chọn tệp ghép cột</source>
            <translation>Choose the mapping file</translation>
        </message>
        <message>
            <source>Tệp ghép cột (*.json)</source>
            <translation>Column mapping (*.json)</translation>
        </message>
        <message>
            <source>Đã đọc trang «{sheet}»: dòng tiêu đề {row}, {n} cột được nhận ra.</source>
            <translation>Read sheet “{sheet}”: header row {row}, {n} columns recognised.</translation>
        </message>
    </context>
    <context>
        <name>FirstRunDialog</name>
        <message>
            <source>Thiết lập lần đầu — Một Cửa</source>
            <translation>First-time setup — Một Cửa</translation>
        </message>
        <message>
            <source>Chào mừng! Máy này chưa được thiết lập. Hãy nhập thông tin đơn vị và tạo tài khoản quản trị đầu tiên; các thông tin này in trên phiếu hẹn và có thể sửa sau.</source>
            <translation>Welcome! This computer is not set up yet. Enter your unit's details and create the first administrator account; the details are printed on the slips and can be changed later.</translation>
        </message>
        <message>
            <source>Đơn vị «{agency}» đã được thiết lập trên máy này nhưng chưa có tài khoản nào. Hãy tạo tài khoản quản trị đầu tiên để bắt đầu.</source>
            <translation>The unit «{agency}» is set up on this computer but has no accounts yet. Create the first administrator account to start.</translation>
        </message>
        <message>
            <source>Trung tâm Phục vụ hành chính công xã …</source>
            <translation>Trung tâm Phục vụ hành chính công xã … (public service centre)</translation>
        </message>
        <message>
            <source>ỦY BAN NHÂN DÂN XÃ …</source>
            <translation>ỦY BAN NHÂN DÂN XÃ … (commune people's committee)</translation>
        </message>
        <message>
            <source>Địa danh ghi trên phiếu, ví dụ Tân Lập</source>
            <translation>Place name printed on forms, e.g. Tân Lập</translation>
        </message>
        <message>
            <source>Đơn vị</source>
            <translation>Unit</translation>
        </message>
        <message>
            <source>Mã định danh đơn vị</source>
            <translation>Unit identifier code</translation>
        </message>
        <message>
            <source>Tên Trung tâm</source>
            <translation>Centre name</translation>
        </message>
        <message>
            <source>Cơ quan cấp trên</source>
            <translation>Parent authority</translation>
        </message>
        <message>
            <source>Địa danh</source>
            <translation>Place name</translation>
        </message>
        <message>
            <source>Khe thiết bị (mỗi máy một số)</source>
            <translation>Device slot (one number per computer)</translation>
        </message>
        <message>
            <source>Công chức Văn phòng - Thống kê</source>
            <translation>Office and statistics officer</translation>
        </message>
        <message>
            <source>Tài khoản quản trị đầu tiên</source>
            <translation>First administrator account</translation>
        </message>
        <message>
            <source>Tên đăng nhập</source>
            <translation>User name</translation>
        </message>
        <message>
            <source>Họ và tên</source>
            <translation>Full name</translation>
        </message>
        <message>
            <source>Chức danh</source>
            <translation>Job title</translation>
        </message>
        <message>
            <source>Mật khẩu (ít nhất 10 ký tự, có chữ và số)</source>
            <translation>Password (at least 10 characters, letters and digits)</translation>
        </message>
        <message>
            <source>Nhập lại mật khẩu</source>
            <translation>Password again</translation>
        </message>
        <message>
            <source>Lưu và bắt đầu</source>
            <translation>Save and start</translation>
        </message>
        <message>
            <source>Thoát</source>
            <translation>Quit</translation>
        </message>
    </context>
    <context>
        <name>ForwardDialog</name>
        <message>
            <source>Ví dụ: Công chức Tư pháp - Hộ tịch, ông Trần Văn Bình</source>
            <translation type="vanished">E.g. Justice and civil status officer, Mr Trần Văn Bình</translation>
        </message>
        <message>
            <source>Giao cho</source>
            <translation>Hand to</translation>
        </message>
        <message>
            <source>Ghi chú</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Xác nhận</source>
            <translation>Confirm</translation>
        </message>
        <message>
            <source>Hủy</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Hãy ghi người hoặc bộ phận nhận hồ sơ.</source>
            <translation type="vanished">Write the person or unit receiving the dossier.</translation>
        </message>
        <message>
            <source>Chọn cán bộ, hoặc gõ tên bộ phận bên ngoài</source>
            <translation>Choose an officer, or type an outside unit</translation>
        </message>
        <message>
            <source>Hãy ghi người hoặc bộ phận nhận hồ sơ: chọn cán bộ trong danh sách hoặc gõ tên.</source>
            <translation>Enter the person or unit receiving the dossier: choose an officer from the list or type a name.</translation>
        </message>
    </context>
    <context>
        <name>ImportPage</name>
        <message>
            <source>Nhập vào máy</source>
            <translation>Import into this desk</translation>
        </message>
        <message>
            <source>Mọi dòng được ghi cùng một lần: nếu hủy hoặc có lỗi thì không dòng nào được ghi. Trong lúc nhập, quầy không lưu được hồ sơ mới: hãy nhập ngoài giờ tiếp nhận.</source>
            <translation>All rows are written at once: if you cancel or a row is wrong, nothing is written. While importing, the counter cannot save new dossiers: import outside reception hours.</translation>
        </message>
        <message>
            <source>Nhập sổ</source>
            <translation>Import register</translation>
        </message>
        <message>
            <source>Hủy nhập</source>
            <translation>Cancel import</translation>
        </message>
        <message>
            <source>Đang nhập…</source>
            <translation>Importing…</translation>
        </message>
        <message>
            <source>Đã nhập {n} hồ sơ từ sổ theo dõi của tỉnh.</source>
            <translation>Imported {n} dossiers from the provincial register.</translation>
        </message>
        <message>
            <source>Đã hủy: chưa nhập hồ sơ nào.</source>
            <translation>Cancelled: no dossier was imported.</translation>
        </message>
    </context>
    <context>
        <name>ImportWizard</name>
        <message>
            <source>Nhập sổ theo dõi hồ sơ từ hệ thống của tỉnh</source>
            <translation>Import the dossier register from the provincial system</translation>
        </message>
        <message>
            <source>Tiếp theo &gt;</source>
            <translation>Next &gt;</translation>
        </message>
        <message>
            <source>&lt; Quay lại</source>
            <translation>&lt; Back</translation>
        </message>
        <message>
            <source>Xong</source>
            <translation>Finish</translation>
        </message>
        <message>
            <source>Đóng</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>Đang đọc tệp…</source>
            <translation>Reading the file…</translation>
        </message>
    </context>
    <context>
        <name>IntakePage</name>
        <message>
            <source>Miễn lệ phí</source>
            <translation>Fee exempt</translation>
        </message>
        <message>
            <source>Ghi chú cho cán bộ xử lý (không in trên phiếu)</source>
            <translation>Note for the processing officer (not printed on the slip)</translation>
        </message>
        <message>
            <source>1. Thủ tục</source>
            <translation>1. Procedures</translation>
        </message>
        <message>
            <source>Thành phần</source>
            <translation>Papers</translation>
        </message>
        <message>
            <source>Số hóa giấy tờ</source>
            <translation>Digitise papers</translation>
        </message>
        <message>
            <source>2. Thành phần hồ sơ đã nhận</source>
            <translation>2. Papers received</translation>
        </message>
        <message>
            <source>3. Người nộp hồ sơ</source>
            <translation>3. Applicant</translation>
        </message>
        <message>
            <source>4. Tiếp nhận và trả kết quả</source>
            <translation>4. Intake and result</translation>
        </message>
        <message>
            <source>Hình thức nộp</source>
            <translation>Channel</translation>
        </message>
        <message>
            <source>Nơi nhận kết quả</source>
            <translation>Result delivered</translation>
        </message>
        <message>
            <source>Đối tượng ưu tiên</source>
            <translation>Priority group</translation>
        </message>
        <message>
            <source>bộ</source>
            <translation>sets</translation>
        </message>
        <message>
            <source>Số bộ hồ sơ</source>
            <translation>Number of sets</translation>
        </message>
        <message>
            <source>Ghi chú</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>Lưu và in phiếu hẹn (Ctrl+S)</source>
            <translation>Save and print the slip (Ctrl+S)</translation>
        </message>
        <message>
            <source>Lượt mới (Ctrl+N)</source>
            <translation>Next citizen (Ctrl+N)</translation>
        </message>
        <message>
            <source>Hãy chọn ít nhất một thủ tục: gõ tên thủ tục rồi Enter.</source>
            <translation>Choose at least one procedure: type its name, then Enter.</translation>
        </message>
        <message>
            <source>Đã tiếp nhận {codes}. Hẹn trả: xem bên dưới.</source>
            <translation type="vanished">Received {codes}. Return date: see below.</translation>
        </message>
        <message>
            <source>Phiếu hẹn {codes}</source>
            <translation>Slip {codes}</translation>
        </message>
        <message>
            <source>Hãy sửa các ô có thông báo đỏ rồi lưu lại (Ctrl+S).</source>
            <translation>Correct the fields with a red message, then save again (Ctrl+S).</translation>
        </message>
        <message>
            <source>Chủ hồ sơ khác người nộp (ví dụ: khai sinh cho con)</source>
            <extracomment>Dossiers were received: their DossierDetails. The clerk asked to open a dossier from the result panel (its code).</extracomment>
            <translation>Owner differs from the applicant (e.g. a child's birth registration)</translation>
        </message>
        <message>
            <source>Đã khôi phục lượt tiếp nhận đang nhập dở (lưu lúc {at}). Lưu bằng Ctrl+S, hoặc Ctrl+N để bỏ.</source>
            <translation>The unfinished intake was restored (saved at {at}). Save with Ctrl+S, or Ctrl+N to discard it.</translation>
        </message>
        <message>
            <source>Bỏ lượt đang nhập?</source>
            <translation>Discard this intake?</translation>
        </message>
        <message>
            <source>Lượt tiếp nhận này chưa được lưu. Bỏ những gì đã nhập để bắt đầu lượt mới?</source>
            <translation>This intake is not saved. Discard what was typed and start a new one?</translation>
        </message>
        <message>
            <source>Bỏ, bắt đầu lượt mới</source>
            <translation>Discard, start a new one</translation>
        </message>
        <message>
            <source>Quay lại nhập tiếp</source>
            <translation>Go back to typing</translation>
        </message>
        <message>
            <source>Đã tiếp nhận {codes}. Ngày hẹn trả ở khung màu xanh dưới thành phần hồ sơ.</source>
            <translation>Received {codes}. The return date is in the green panel under the papers.</translation>
        </message>
    </context>
    <context>
        <name>IntakeResult</name>
        <message>
            <source>In lại phiếu (Ctrl+P)</source>
            <translation>Print the slip again (Ctrl+P)</translation>
        </message>
        <message>
            <source>Xem trước phiếu</source>
            <translation>Preview the slip</translation>
        </message>
        <message>
            <source>Mở hồ sơ</source>
            <translation>Open the dossier</translation>
        </message>
        <message>
            <source>&lt;p&gt;&lt;b&gt;{code}&lt;/b&gt; — {procedure}&lt;br&gt;Hẹn trả kết quả: &lt;b&gt;{due}&lt;/b&gt;&lt;br&gt;&lt;span style='color:#555'&gt;{why}&lt;/span&gt;&lt;/p&gt;</source>
            <translation>&lt;p&gt;&lt;b&gt;{code}&lt;/b&gt; — {procedure}&lt;br&gt;Result due: &lt;b&gt;{due}&lt;/b&gt;&lt;br&gt;&lt;span style='color:#555'&gt;{why}&lt;/span&gt;&lt;/p&gt;</translation>
        </message>
        <message>
            <source>Đã tiếp nhận {n} hồ sơ của {name}:</source>
            <translation>Received {n} dossier(s) from {name}:</translation>
        </message>
        <message>
            <source>Phiếu hẹn {codes}</source>
            <translation>Slip {codes}</translation>
        </message>
    </context>
    <context>
        <name>Labels</name>
        <message>
            <source>Mới đăng ký</source>
            <translation>Newly registered</translation>
        </message>
        <message>
            <source>Đã tiếp nhận</source>
            <translation>Received</translation>
        </message>
        <message>
            <source>Không được tiếp nhận</source>
            <translation>Refused</translation>
        </message>
        <message>
            <source>Đang xử lý</source>
            <translation>Processing</translation>
        </message>
        <message>
            <source>Yêu cầu bổ sung giấy tờ</source>
            <translation>Supplement requested</translation>
        </message>
        <message>
            <source>Chờ thực hiện nghĩa vụ tài chính</source>
            <translation>Awaiting payment of fees</translation>
        </message>
        <message>
            <source>Công dân rút hồ sơ</source>
            <translation>Withdrawn by the citizen</translation>
        </message>
        <message>
            <source>Dừng xử lý</source>
            <translation>Stopped</translation>
        </message>
        <message>
            <source>Đã xử lý xong</source>
            <translation>Result ready</translation>
        </message>
        <message>
            <source>Đã trả kết quả</source>
            <translation>Returned</translation>
        </message>
        <message>
            <source>Trực tiếp tại quầy</source>
            <translation>At the counter</translation>
        </message>
        <message>
            <source>Trực tuyến</source>
            <translation>Online</translation>
        </message>
        <message>
            <source>Bưu chính công ích</source>
            <translation>Public postal service</translation>
        </message>
        <message>
            <source>Tại nhà (lưu động)</source>
            <translation>At home (home visit)</translation>
        </message>
        <message>
            <source>Tại Trung tâm Phục vụ hành chính công</source>
            <translation>At the public service centre</translation>
        </message>
        <message>
            <source>Qua dịch vụ bưu chính</source>
            <translation>By post</translation>
        </message>
        <message>
            <source>Không</source>
            <translation>None</translation>
        </message>
        <message>
            <source>Người có công với cách mạng</source>
            <translation>People with meritorious service</translation>
        </message>
        <message>
            <source>Người khuyết tật</source>
            <translation>People with disabilities</translation>
        </message>
        <message>
            <source>Người cao tuổi</source>
            <translation>Elderly people</translation>
        </message>
        <message>
            <source>Phụ nữ mang thai</source>
            <translation>Pregnant women</translation>
        </message>
        <message>
            <source>Trường hợp bất khả kháng</source>
            <translation>Force majeure</translation>
        </message>
        <message>
            <source>Rất hài lòng</source>
            <translation>Very satisfied</translation>
        </message>
        <message>
            <source>Hài lòng</source>
            <translation>Satisfied</translation>
        </message>
        <message>
            <source>Không hài lòng</source>
            <translation>Not satisfied</translation>
        </message>
        <message>
            <source>Công chức tiếp nhận và trả kết quả</source>
            <translation>Reception clerk</translation>
        </message>
        <message>
            <source>Cán bộ xử lý</source>
            <translation>Processing officer</translation>
        </message>
        <message>
            <source>Lãnh đạo</source>
            <translation>Leader</translation>
        </message>
        <message>
            <source>Quản trị hệ thống</source>
            <translation>Administrator</translation>
        </message>
        <message>
            <source>Mẫu 01 — Giấy tiếp nhận và hẹn trả kết quả</source>
            <extracomment>The forms a dossier can print, by the name `app.printing.render_form` knows them.</extracomment>
            <translation>Form 01 — Receipt and appointment slip</translation>
        </message>
        <message>
            <source>Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ</source>
            <translation>Form 02 — Request to supplement the dossier</translation>
        </message>
        <message>
            <source>Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ</source>
            <translation>Form 03 — Refusal notice</translation>
        </message>
        <message>
            <source>Mẫu 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả</source>
            <translation>Form 04 — Apology and new return date</translation>
        </message>
        <message>
            <source>Mẫu 05 (bộ 2025) — Thông báo dừng giải quyết hồ sơ</source>
            <translation>Form 05 (2025 set) — Notice of stopping the dossier</translation>
        </message>
        <message>
            <source>Phiếu kiểm soát quá trình giải quyết (Mẫu 05 bộ 2018 / 06 bộ 2025)</source>
            <translation>Processing control sheet (Form 05 of 2018 / 06 of 2025)</translation>
        </message>
        <message>
            <source>Mẫu 05 — Phiếu kiểm soát quá trình giải quyết</source>
            <translation type="vanished">Form 05 — Processing control sheet</translation>
        </message>
    </context>
    <context>
        <name>ListFilters</name>
        <message>
            <source>Mọi trạng thái</source>
            <extracomment>Status filter choices beyond single statuses.</extracomment>
            <translation>Any status</translation>
        </message>
        <message>
            <source>Đang mở (chưa kết thúc)</source>
            <translation>Open (not finished)</translation>
        </message>
        <message>
            <source>Đang tính thời hạn</source>
            <translation>Clock running</translation>
        </message>
        <message>
            <source>Mọi thủ tục</source>
            <translation>Any procedure</translation>
        </message>
        <message>
            <source>Mọi hình thức nộp</source>
            <translation>Any channel</translation>
        </message>
        <message>
            <source>Quá hạn</source>
            <translation>Overdue</translation>
        </message>
        <message>
            <source>Sắp đến hạn</source>
            <translation>Due soon</translation>
        </message>
        <message>
            <source>Còn hạn, nhưng đến hạn trong 2 ngày tới</source>
            <translation>Not late yet, but due within the next 2 days</translation>
        </message>
        <message>
            <source>Bỏ lọc</source>
            <translation>Clear filters</translation>
        </message>
        <message>
            <source>Nhận từ</source>
            <translation>Received from</translation>
        </message>
        <message>
            <source>đến</source>
            <translation>to</translation>
        </message>
        <message>
            <source>đến hạn hôm nay</source>
            <translation>due today</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Hôm nay</source>
            <translation>Today</translation>
        </message>
        <message>
            <source>Tiếp nhận</source>
            <translation>Intake</translation>
        </message>
        <message>
            <source>Hồ sơ</source>
            <translation>Dossiers</translation>
        </message>
        <message>
            <source>Chế độ lưu động: đang làm việc không cần mạng. Hồ sơ được lưu trên máy này và tự gửi về hệ thống của tỉnh khi có kết nối.</source>
            <translation>Home-visit mode: working without the network. Dossiers are kept on this computer and sent to the provincial system by themselves when a connection is available.</translation>
        </message>
        <message>
            <source>&amp;Hệ thống</source>
            <translation>&amp;System</translation>
        </message>
        <message>
            <source>Thiết lập…</source>
            <translation>Settings…</translation>
        </message>
        <message>
            <source>Đổi mật khẩu…</source>
            <translation>Change password…</translation>
        </message>
        <message>
            <source>Sao lưu và kiểm tra dữ liệu…</source>
            <translation>Backup and data check…</translation>
        </message>
        <message>
            <source>Khóa màn hình</source>
            <translation>Lock the screen</translation>
        </message>
        <message>
            <source>Thoát</source>
            <translation>Quit</translation>
        </message>
        <message>
            <source>● Ngoại tuyến (lưu động)</source>
            <translation>● Offline (home visit)</translation>
        </message>
        <message>
            <source>Đang xử lý…</source>
            <translation>Working…</translation>
        </message>
        <message>
            <source>Một Cửa — {agency} — {user}</source>
            <translation>Một Cửa — {agency} — {user}</translation>
        </message>
        <message>
            <source>Đã quét mã {code}.</source>
            <translation>Scanned {code}.</translation>
        </message>
        <message>
            <source>Đăng xuất / đổi người dùng</source>
            <translation>Sign out / switch user</translation>
        </message>
        <message>
            <source>Thoát khi đang nhập dở?</source>
            <translation>Quit with an unfinished intake?</translation>
        </message>
        <message>
            <source>Lượt tiếp nhận đang nhập chưa được lưu. Nó được giữ làm bản nháp và hiện lại khi mở chương trình. Thoát bây giờ?</source>
            <translation>The intake being typed is not saved. It is kept as a draft and comes back when the program opens. Quit now?</translation>
        </message>
        <message>
            <source>Thoát, giữ bản nháp</source>
            <translation>Quit, keep the draft</translation>
        </message>
        <message>
            <source>Ở lại nhập tiếp</source>
            <translation>Stay and keep typing</translation>
        </message>
        <message>
            <source>Nhập sổ theo dõi từ hệ thống của tỉnh…</source>
            <translation>Import the register from the provincial system…</translation>
        </message>
    </context>
    <context>
        <name>MappingPage</name>
        <message>
            <source>Dòng tiêu đề và ghép cột</source>
            <translation>Header row and column mapping</translation>
        </message>
        <message>
            <source>Cột</source>
            <translation>Column</translation>
        </message>
        <message>
            <source>Tiêu đề trong tệp</source>
            <translation>Header in the file</translation>
        </message>
        <message>
            <source>Là trường</source>
            <translation>Field</translation>
        </message>
        <message>
            <source>Lưu tệp ghép cột…</source>
            <translation>Save mapping file…</translation>
        </message>
        <message>
            <source>Dòng tiêu đề: dòng {row} ({height} dòng); hồ sơ bắt đầu từ dòng {first}.</source>
            <translation>Header: row {row} ({height} rows); dossiers start at row {first}.</translation>
        </message>
        <message>
            <source>Lưu tệp ghép cột</source>
            <translation>Save the mapping file</translation>
        </message>
        <message>
            <source>Tệp ghép cột (*.json)</source>
            <translation>Column mapping (*.json)</translation>
        </message>
        <message>
            <source>Đã lưu {path}</source>
            <translation>Saved {path}</translation>
        </message>
    </context>
    <context>
        <name>NewUserDialog</name>
        <message>
            <source>Thêm người dùng</source>
            <translation>Add user</translation>
        </message>
        <message>
            <source>chữ thường không dấu, ví dụ hong.nt</source>
            <translation>lower case without diacritics, e.g. hong.nt</translation>
        </message>
        <message>
            <source>Ví dụ: Công chức Tư pháp - Hộ tịch</source>
            <translation>E.g. Justice and civil status officer</translation>
        </message>
        <message>
            <source>Tên đăng nhập</source>
            <translation>User name</translation>
        </message>
        <message>
            <source>Họ và tên</source>
            <translation>Full name</translation>
        </message>
        <message>
            <source>Chức danh</source>
            <translation>Title</translation>
        </message>
        <message>
            <source>Vai trò</source>
            <translation>Role</translation>
        </message>
        <message>
            <source>Thêm</source>
            <translation>Add</translation>
        </message>
        <message>
            <source>Hủy</source>
            <translation>Cancel</translation>
        </message>
    </context>
    <context>
        <name>Pages</name>
        <message>
            <source>Đồng bộ</source>
            <translation>Sync</translation>
        </message>
        <message>
            <source>Báo cáo</source>
            <translation>Reports</translation>
        </message>
        <message>
            <source>Trang «{page}» chưa mở được ({error}). Các phần khác vẫn dùng bình thường; hãy báo bộ phận CNTT.</source>
            <translation>The «{page}» page could not be opened ({error}). Everything else works as usual; tell the IT staff.</translation>
        </message>
        <message>
            <source>Quản trị</source>
            <translation>Administration</translation>
        </message>
    </context>
    <context>
        <name>PdfPreviewDialog</name>
        <message>
            <source>Đang dựng trang…</source>
            <translation>Rendering pages…</translation>
        </message>
        <message>
            <source>In… (Ctrl+P)</source>
            <translation>Print… (Ctrl+P)</translation>
        </message>
        <message>
            <source>Lưu tệp PDF…</source>
            <translation>Save as PDF…</translation>
        </message>
        <message>
            <source>Đóng</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>Không dựng được bản xem trước; vẫn có thể in hoặc lưu tệp PDF.</source>
            <translation>The preview could not be drawn; you can still print or save the PDF.</translation>
        </message>
        <message>
            <source>In phiếu</source>
            <translation>Print</translation>
        </message>
        <message>
            <source>Đã gửi {pages} trang tới máy in.</source>
            <translation>Sent {pages} page(s) to the printer.</translation>
        </message>
        <message>
            <source>Lưu tệp PDF</source>
            <translation>Save PDF</translation>
        </message>
        <message>
            <source>Tệp PDF (*.pdf)</source>
            <translation>PDF files (*.pdf)</translation>
        </message>
        <message>
            <source>Đã lưu {path}.</source>
            <translation>Saved {path}.</translation>
        </message>
    </context>
    <context>
        <name>PreviewPage</name>
        <message>
            <source>Xem trước và chạy thử</source>
            <translation>Preview and dry run</translation>
        </message>
        <message>
            <source>Dòng</source>
            <translation>Row</translation>
        </message>
        <message>
            <source>Mã hồ sơ</source>
            <translation>Dossier code</translation>
        </message>
        <message>
            <source>Chủ hồ sơ</source>
            <translation>Owner</translation>
        </message>
        <message>
            <source>Thủ tục</source>
            <translation>Procedure</translation>
        </message>
        <message>
            <source>Ngày tiếp nhận</source>
            <translation>Received</translation>
        </message>
        <message>
            <source>Ngày hẹn trả</source>
            <translation>Due</translation>
        </message>
        <message>
            <source>Trạng thái</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Lỗi</source>
            <translation>Problem</translation>
        </message>
        <message>
            <source>Đang chạy thử toàn bộ tệp (không ghi gì)…</source>
            <translation>Dry run of the whole file (nothing is written)…</translation>
        </message>
    </context>
    <context>
        <name>PrintFlow</name>
        <message>
            <source>Đã in {what} ({pages} trang) trên máy in {printer}.</source>
            <translation>Printed {what} ({pages} page(s)) on {printer}.</translation>
        </message>
        <message>
            <source>Không in được {what}: máy in {printer} không nhận lệnh in. Hãy kiểm tra máy in, hoặc mở bản xem trước để lưu tệp PDF.</source>
            <translation>Could not print {what}: printer {printer} did not accept the job. Check the printer, or open the preview to save the PDF.</translation>
        </message>
        <message>
            <source>Chưa có máy in mặc định nên chưa in được; đã mở bản xem trước. Hãy cài máy in hoặc tắt «In thẳng» trong Thiết lập.</source>
            <translation>No default printer, so nothing was printed; the preview is open. Install a printer or turn off «print straight» in Settings.</translation>
        </message>
    </context>
    <context>
        <name>ProcedurePicker</name>
        <message>
            <source>trong ngày</source>
            <translation>same day</translation>
        </message>
        <message>
            <source>Gõ tên hoặc mã thủ tục, không cần dấu (↑↓ chọn, Enter thêm)</source>
            <extracomment>The procedures chosen for this visit changed (list of ProcedureInfo). The procedure whose components are being edited (ProcedureInfo or None).</extracomment>
            <translation>Type a procedure name or code, diacritics optional (↑↓ choose, Enter adds)</translation>
        </message>
        <message>
            <source>Thủ tục của lượt tiếp nhận này (Delete để bỏ):</source>
            <translation>Procedures of this visit (Delete removes):</translation>
        </message>
        <message>
            <source>{code} (mã nội bộ)</source>
            <translation>{code} (local code)</translation>
        </message>
        <message>
            <source>
Thủ tục chưa có mã quốc gia được xác nhận: hồ sơ ghi mã nội bộ của đơn vị.</source>
            <translation>
No confirmed national code for this procedure: dossiers carry the desk’s local code.</translation>
        </message>
    </context>
    <context>
        <name>ProgressDialog</name>
        <message>
            <source>Hủy</source>
            <translation>Cancel</translation>
        </message>
    </context>
    <context>
        <name>QueueTable</name>
        <message>
            <source>Mã hồ sơ</source>
            <translation>Dossier code</translation>
        </message>
        <message>
            <source>Người nộp</source>
            <translation>Applicant</translation>
        </message>
        <message>
            <source>Thủ tục</source>
            <translation>Procedure</translation>
        </message>
        <message>
            <source>Trạng thái</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Hẹn trả</source>
            <translation>Due</translation>
        </message>
    </context>
    <context>
        <name>ReasonDialog</name>
        <message>
            <source>Lý do (bắt buộc, in trên phiếu):</source>
            <translation>Reason (required, printed on the form):</translation>
        </message>
        <message>
            <source>Lý do hoặc ghi chú (không bắt buộc):</source>
            <translation>Reason or note (optional):</translation>
        </message>
        <message>
            <source>Xác nhận</source>
            <translation>Confirm</translation>
        </message>
        <message>
            <source>Hủy</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Hãy ghi rõ lý do; lý do được in trên phiếu gửi công dân.</source>
            <translation type="vanished">Write the reason; it is printed on the form given to the citizen.</translation>
        </message>
        <message>
            <source>họ và tên, ví dụ: Phạm Thị Lãnh</source>
            <translation>full name, e.g. Phạm Thị Lãnh</translation>
        </message>
        <message>
            <source>Đơn vị chưa khai báo người đứng đầu. Lãnh đạo phê duyệt việc dừng, người ký Thông báo dừng (Mẫu 05) (bắt buộc):</source>
            <translation>The unit has no head set. Leader who approves the stop and signs the stop notice (Form 05) (required):</translation>
        </message>
    </context>
    <context>
        <name>ReportsPage</name>
        <message>
            <source> ngày làm việc</source>
            <extracomment>The report dict arrived and is on screen. A file was written (its path). Something went wrong (the Vietnamese text shown).</extracomment>
            <translation> working days</translation>
        </message>
        <message>
            <source>Xem báo cáo</source>
            <translation>Show the report</translation>
        </message>
        <message>
            <source>Tính cả hồ sơ nhập từ sổ của tỉnh</source>
            <translation>Include dossiers imported from the provincial register</translation>
        </message>
        <message>
            <source>Bỏ chọn để báo cáo chỉ gồm hồ sơ tiếp nhận trên máy này.</source>
            <translation>Untick to report only the dossiers received on this machine.</translation>
        </message>
        <message>
            <source>Kỳ báo cáo:</source>
            <translation>Period:</translation>
        </message>
        <message>
            <source>Sắp đến hạn trong</source>
            <translation>Due within</translation>
        </message>
        <message>
            <source>Thủ tục</source>
            <translation>Procedure</translation>
        </message>
        <message>
            <source>Mã</source>
            <translation>Code</translation>
        </message>
        <message>
            <source>Lĩnh vực</source>
            <translation>Field</translation>
        </message>
        <message>
            <source>Cán bộ tiếp nhận</source>
            <translation>Receiving officer</translation>
        </message>
        <message>
            <source>Kênh tiếp nhận</source>
            <translation>Channel</translation>
        </message>
        <message>
            <source>Tháng {n}</source>
            <translation>Month {n}</translation>
        </message>
        <message>
            <source>Quý {n}</source>
            <translation>Quarter {n}</translation>
        </message>
        <message>
            <source>Đang lập báo cáo {label}…</source>
            <translation>Preparing the {label} report…</translation>
        </message>
        <message>
            <source>Báo cáo {label} ({start} – {end})</source>
            <translation>Report {label} ({start} – {end})</translation>
        </message>
        <message>
            <source>Hồ sơ đang giải quyết tính đến {moment}.</source>
            <translation>Dossiers in progress as of {moment}.</translation>
        </message>
        <message>
            <source>đạt</source>
            <translation>met</translation>
        </message>
        <message>
            <source>chưa đạt</source>
            <translation>not met</translation>
        </message>
        <message>
            <source>Chỉ tiêu tỷ lệ đúng hạn ≥ {target}{verdict}. Cách tính: {rule} {rule2}</source>
            <translation>On-time target ≥ {target}{verdict}. How it is counted: {rule} {rule2}</translation>
        </message>
        <message>
            <source>Kết quả giải quyết</source>
            <translation>Results</translation>
        </message>
        <message>
            <source>Trước hạn</source>
            <translation>Early</translation>
        </message>
        <message>
            <source>Đúng hạn</source>
            <translation>On time</translation>
        </message>
        <message>
            <source>Quá hạn</source>
            <translation>Overdue</translation>
        </message>
        <message>
            <source>Đang GQ trong hạn</source>
            <translation>Open, within the limit</translation>
        </message>
        <message>
            <source>Đang GQ quá hạn</source>
            <translation>Open, overdue</translation>
        </message>
        <message>
            <source>Tiếp nhận theo kênh</source>
            <translation>Received by channel</translation>
        </message>
        <message>
            <source>Mức độ hài lòng</source>
            <translation>Satisfaction</translation>
        </message>
        <message>
            <source>Có, hẹn {day}</source>
            <translation>Yes, new date {day}</translation>
        </message>
        <message>
            <source>Có</source>
            <translation type="vanished">Yes</translation>
        </message>
        <message>
            <source>Chưa</source>
            <translation>Not yet</translation>
        </message>
        <message>
            <source>Lưu báo cáo</source>
            <translation>Save the report</translation>
        </message>
        <message>
            <source>Đang lưu {name}…</source>
            <translation>Saving {name}…</translation>
        </message>
        <message>
            <source>Đã lưu báo cáo vào {path}.</source>
            <translation>Report saved to {path}.</translation>
        </message>
        <message>
            <source>Xuất Excel…</source>
            <translation>Export to Excel…</translation>
        </message>
        <message>
            <source>Xuất PDF…</source>
            <translation>Export to PDF…</translation>
        </message>
        <message>
            <source>Xuất JSON…</source>
            <translation>Export to JSON…</translation>
        </message>
    </context>
    <context>
        <name>RescheduleDialog</name>
        <message>
            <source>Hẹn lại ngày trả và xin lỗi — {code}</source>
            <extracomment>The date proposed at first: this many working days after the current return date (or now).</extracomment>
            <translation>New return date and apology — {code}</translation>
        </message>
        <message>
            <source>Lý do chậm trả kết quả (in trên phiếu xin lỗi)</source>
            <translation>Reason for the delay (printed on the apology)</translation>
        </message>
        <message>
            <source>Họ tên lãnh đạo duyệt và ký phiếu</source>
            <translation>Name of the leader who approves and signs</translation>
        </message>
        <message>
            <source>Hẹn trả hiện tại</source>
            <translation>Current return date</translation>
        </message>
        <message>
            <source>Hẹn trả mới</source>
            <translation>New return date</translation>
        </message>
        <message>
            <source>Lý do</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>Lãnh đạo duyệt</source>
            <translation>Approved by</translation>
        </message>
        <message>
            <source>Lập phiếu xin lỗi</source>
            <translation>Make the apology</translation>
        </message>
        <message>
            <source>Hủy</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Ngày nghỉ: {reason}. Hãy chọn ngày làm việc.</source>
            <translation>Day off: {reason}. Choose a working day.</translation>
        </message>
        <message>
            <source>Ngày làm việc.</source>
            <translation>Working day.</translation>
        </message>
        <message>
            <source>Hãy ghi rõ lý do chậm trả kết quả.</source>
            <translation>Write the reason for the delay.</translation>
        </message>
    </context>
    <context>
        <name>ReturnDialog</name>
        <message>
            <source>Trả kết quả hồ sơ {code}</source>
            <translation>Hand back the result of {code}</translation>
        </message>
        <message>
            <source>Công dân không đánh giá</source>
            <translation>No rating given</translation>
        </message>
        <message>
            <source>Góp ý của công dân (không bắt buộc)</source>
            <translation>The citizen's comment (optional)</translation>
        </message>
        <message>
            <source>Người nhận kết quả</source>
            <translation>Collected by</translation>
        </message>
        <message>
            <source>Mức hài lòng</source>
            <translation>Satisfaction</translation>
        </message>
        <message>
            <source>Góp ý</source>
            <translation>Comment</translation>
        </message>
        <message>
            <source>Đã trả kết quả</source>
            <translation>Returned</translation>
        </message>
        <message>
            <source>Hủy</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Hãy ghi họ tên người nhận kết quả.</source>
            <translation type="vanished">Write the name of the person collecting the result.</translation>
        </message>
        <message>
            <source>Số định danh trên giấy tờ người nhận xuất trình</source>
            <translation>ID number on the paper the collector shows</translation>
        </message>
        <message>
            <source>Số, ngày giấy ủy quyền, ví dụ 15/UQ ngày 20/11/2026</source>
            <translation>Number and date of the authorisation, e.g. 15/UQ of 20/11/2026</translation>
        </message>
        <message>
            <source>Người nhận không phải người nộp: cần giấy ủy quyền.</source>
            <translation>The collector is not the applicant: an authorisation is needed.</translation>
        </message>
        <message>
            <source>Số định danh người nhận</source>
            <translation>Collector's ID number</translation>
        </message>
        <message>
            <source>Giấy ủy quyền</source>
            <translation>Authorisation</translation>
        </message>
        <message>
            <source>Hãy sửa các ô có thông báo đỏ.</source>
            <translation>Correct the fields with a red message.</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <source>Thiết lập</source>
            <translation>Settings</translation>
        </message>
        <message>
            <source>Máy xách tay đi tiếp nhận tại nhà: mặc định hình thức «tại nhà», làm việc không cần mạng</source>
            <translation>Laptop for home visits: channel «at home» by default, works without the network</translation>
        </message>
        <message>
            <source>In phiếu thẳng ra máy in, không hỏi</source>
            <translation>Print slips straight to the printer, without asking</translation>
        </message>
        <message>
            <source>Máy in mặc định của hệ thống</source>
            <translation>The system's default printer</translation>
        </message>
        <message>
            <source>A5 (mỗi liên một trang)</source>
            <translation>A5 (one copy per page)</translation>
        </message>
        <message>
            <source>A4 (hai liên, cắt đôi)</source>
            <translation>A4 (two copies, cut in half)</translation>
        </message>
        <message>
            <source>Giấy cuộn 80 mm</source>
            <translation>80 mm roll paper</translation>
        </message>
        <message>
            <source> phút (0 = không khóa)</source>
            <translation> minutes (0 = never)</translation>
        </message>
        <message>
            <source>Ngôn ngữ giao diện</source>
            <extracomment>Registry texts are translated in this context (resources/translations: "SettingsDialog"). Values shown in their own language, never translated. The registry's words, marked so that lupdate keeps them in the "SettingsDialog" context (tests/ui/test_settings_registry.py fails when a registry text has no finished translation).</extracomment>
            <translation>Interface language</translation>
        </message>
        <message>
            <source>Chế độ lưu động</source>
            <translation>Home-visit mode</translation>
        </message>
        <message>
            <source>In phiếu</source>
            <translation>Print</translation>
        </message>
        <message>
            <source>Máy in</source>
            <translation>Printer</translation>
        </message>
        <message>
            <source>Khổ giấy phiếu hẹn</source>
            <translation>Slip paper</translation>
        </message>
        <message>
            <source>Khóa màn hình sau</source>
            <translation>Lock the screen after</translation>
        </message>
        <message>
            <source>Chỉ quản trị hệ thống được thay đổi thiết lập; bạn đang xem.</source>
            <translation>Only an administrator may change settings; you are viewing them.</translation>
        </message>
        <message>
            <source>Lưu</source>
            <translation>Save</translation>
        </message>
        <message>
            <source>Đóng</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>Đã lưu thiết lập. Ngôn ngữ mới có hiệu lực khi mở lại chương trình.</source>
            <translation>Settings saved. The new language applies when the program is started again.</translation>
        </message>
        <message>
            <source>Đã lưu thiết lập.</source>
            <translation>Settings saved.</translation>
        </message>
        <message>
            <source>Giờ làm việc</source>
            <translation>Office hours</translation>
        </message>
        <message>
            <source>Giờ chốt trả trong ngày</source>
            <translation>Same-day cut-off</translation>
        </message>
        <message>
            <source>{error} Giờ chốt trả trong ngày có dạng 15:00.</source>
            <translation>{error} The same-day cut-off looks like 15:00.</translation>
        </message>
    </context>
    <context>
        <name>SignInDialog</name>
        <message>
            <source>Đăng nhập — Một Cửa</source>
            <translation>Sign in — Một Cửa</translation>
        </message>
        <message>
            <source>Dữ liệu trên máy này được mã hóa; mật khẩu của bạn sẽ mở khóa.</source>
            <translation>The data on this computer is encrypted; your password unlocks it.</translation>
        </message>
        <message>
            <source>Tên đăng nhập</source>
            <translation>User name</translation>
        </message>
        <message>
            <source>Mật khẩu</source>
            <translation>Password</translation>
        </message>
        <message>
            <source>Đăng nhập</source>
            <translation>Sign in</translation>
        </message>
        <message>
            <source>Thoát</source>
            <translation>Quit</translation>
        </message>
        <message>
            <source>Hãy nhập tên đăng nhập và mật khẩu.</source>
            <translation>Enter your user name and password.</translation>
        </message>
    </context>
    <context>
        <name>SupplementDialog</name>
        <message>
            <source>Yêu cầu bổ sung hồ sơ {code}</source>
            <translation>Request a supplement for {code}</translation>
        </message>
        <message>
            <source>Giấy tờ khác cần bổ sung, mỗi dòng một loại</source>
            <translation>Other papers needed, one per line</translation>
        </message>
        <message>
            <source>Ví dụ: Tờ khai thiếu chữ ký người đi khai; bản sao chưa chứng thực</source>
            <translation>E.g. the declaration lacks the declarant's signature; the copy is not certified</translation>
        </message>
        <message>
            <source>Lập phiếu yêu cầu bổ sung</source>
            <translation>Make the supplement request</translation>
        </message>
        <message>
            <source>Hủy</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Giấy tờ phải làm lại hoặc bổ sung (Space để đánh dấu):</source>
            <translation>Papers to redo or add (Space ticks):</translation>
        </message>
        <message>
            <source>Lý do, hướng dẫn hoàn thiện (bắt buộc):</source>
            <translation>Reason and guidance (required):</translation>
        </message>
        <message>
            <source>Hãy đánh dấu hoặc ghi ít nhất một giấy tờ cần bổ sung.</source>
            <translation>Tick or write at least one paper that is needed.</translation>
        </message>
        <message>
            <source>Hãy ghi lý do yêu cầu bổ sung; lý do in trên Mẫu 02.</source>
            <translation type="vanished">Write the reason for the request; it is printed on Form 02.</translation>
        </message>
    </context>
    <context>
        <name>SyncConfigDialog</name>
        <message>
            <source>Cấu hình đồng bộ với hệ thống một cửa của tỉnh</source>
            <translation>Sync with the provincial one-stop system</translation>
        </message>
        <message>
            <source>không bắt buộc: tệp .pem nếu tỉnh dùng chứng chỉ riêng</source>
            <translation>optional: a .pem file if the province uses its own certificate</translation>
        </message>
        <message>
            <source>Chọn tệp…</source>
            <translation>Choose a file…</translation>
        </message>
        <message>
            <source>Kiểm tra kết nối</source>
            <translation>Test the connection</translation>
        </message>
        <message>
            <source>Lưu</source>
            <translation>Save</translation>
        </message>
        <message>
            <source>Hủy</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Địa chỉ đồng bộ của tỉnh</source>
            <translation>Province's sync address</translation>
        </message>
        <message>
            <source>Chứng chỉ CA của tỉnh</source>
            <translation>Province's CA certificate</translation>
        </message>
        <message>
            <source>Mã truy cập (token)</source>
            <translation>Access token</translation>
        </message>
        <message>
            <source>để trống: giữ mã đang dùng</source>
            <translation>leave empty to keep the current token</translation>
        </message>
        <message>
            <source>Đã có mã truy cập, cất trong {where}.</source>
            <translation>An access token is stored in {where}.</translation>
        </message>
        <message>
            <source>Chưa có mã truy cập.</source>
            <translation>No access token yet.</translation>
        </message>
        <message>
            <source>Chọn tệp chứng chỉ CA</source>
            <translation>Choose the CA certificate file</translation>
        </message>
        <message>
            <source>Chứng chỉ (*.pem *.crt *.cer);;Mọi tệp (*)</source>
            <translation>Certificates (*.pem *.crt *.cer);;All files (*)</translation>
        </message>
        <message>
            <source>Đã lưu, nhưng chưa kết nối được: {why}</source>
            <translation>Saved, but could not connect yet: {why}</translation>
        </message>
        <message>
            <source>Đang kiểm tra…</source>
            <translation>Checking…</translation>
        </message>
    </context>
    <context>
        <name>SyncPage</name>
        <message>
            <source>{kind} (phiên bản {version})</source>
            <translation>{kind} (version {version})</translation>
        </message>
        <message>
            <source>Tỉnh đã nhận lúc {t}</source>
            <translation>Accepted by the province at {t}</translation>
        </message>
        <message>
            <source>Chờ gửi</source>
            <extracomment>The sync states' names as the page shows them (the service's STATES, marked for translation).</extracomment>
            <translation>Waiting to send</translation>
        </message>
        <message>
            <source>Bị từ chối — cần xử lý</source>
            <translation>Rejected — needs attention</translation>
        </message>
        <message>
            <source>Đã gửi</source>
            <translation>Sent</translation>
        </message>
        <message>
            <source>Mã hồ sơ</source>
            <translation>Dossier code</translation>
        </message>
        <message>
            <source>Người nộp</source>
            <translation>Applicant</translation>
        </message>
        <message>
            <source>Thay đổi mới nhất</source>
            <translation>Latest change</translation>
        </message>
        <message>
            <source>Số thay đổi</source>
            <translation>Changes</translation>
        </message>
        <message>
            <source>Thời điểm</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>Số lần gửi</source>
            <translation>Attempts</translation>
        </message>
        <message>
            <source>Lý do / kết quả</source>
            <translation>Reason / result</translation>
        </message>
        <message>
            <source>Đồng bộ ngay</source>
            <translation>Sync now</translation>
        </message>
        <message>
            <source>Xuất nhật ký đồng bộ…</source>
            <translation>Export the sync log…</translation>
        </message>
        <message>
            <source>Cấu hình…</source>
            <translation>Configure…</translation>
        </message>
        <message>
            <source>Gửi lại hồ sơ này</source>
            <translation>Send this dossier again</translation>
        </message>
        <message>
            <source>Sửa thông tin hồ sơ theo lý do tỉnh nêu, rồi bấm để gửi lại.</source>
            <translation>Correct the dossier as the province says, then press to send it again.</translation>
        </message>
        <message>
            <source>Tải thêm</source>
            <translation>Load more</translation>
        </message>
        <message>
            <source>Xem:</source>
            <translation>Show:</translation>
        </message>
        <message>
            <source>Đã xuất nhật ký đồng bộ ra {path}. Gửi tệp này cho bộ phận CNTT.</source>
            <translation>Sync log exported to {path}. Send this file to the IT staff.</translation>
        </message>
        <message>
            <source>lần gửi được gần nhất {t}</source>
            <translation>last successful send {t}</translation>
        </message>
        <message>
            <source>Tệp đính kèm lượt vừa rồi: đã gửi {n} tệp ({size}).</source>
            <translation>Attached files in the last run: {n} sent ({size}).</translation>
        </message>
        <message>
            <source>{n} tệp chưa gửi được, sẽ gửi lại lượt sau:</source>
            <translation>{n} files could not be sent; they will be sent in the next run:</translation>
        </message>
        <message>
            <source>Không có mục nào ở trạng thái «{state}».</source>
            <translation>Nothing in state «{state}».</translation>
        </message>
        <message>
            <source>Đang đồng bộ với hệ thống một cửa của tỉnh…</source>
            <translation>Syncing with the provincial one-stop system…</translation>
        </message>
        <message>
            <source>Đã đưa hồ sơ {code} vào hàng chờ gửi lại.</source>
            <translation>Dossier {code} is queued to be sent again.</translation>
        </message>
        <message>
            <source>Xuất nhật ký đồng bộ</source>
            <translation>Export the sync log</translation>
        </message>
        <message>
            <source>Tệp nén (*.zip)</source>
            <translation>Zip files (*.zip)</translation>
        </message>
    </context>
    <context>
        <name>SyncStatus</name>
        <message>
            <source>Đang gửi {done}/{total}</source>
            <translation>Sending {done}/{total}</translation>
        </message>
        <message>
            <source>Chờ gửi {n}</source>
            <translation>{n} waiting</translation>
        </message>
        <message>
            <source>Đã gửi hết</source>
            <translation>All sent</translation>
        </message>
        <message>
            <source>Cần xử lý: {n} hồ sơ bị từ chối</source>
            <translation>Needs attention: {n} dossiers rejected</translation>
        </message>
        <message>
            <source>Cần xử lý: kiểm tra cấu hình đồng bộ</source>
            <translation>Needs attention: check the sync configuration</translation>
        </message>
        <message>
            <source>Chưa cấu hình đồng bộ</source>
            <translation>Sync not configured</translation>
        </message>
        <message>
            <source>Mất kết nối tỉnh · chờ gửi {n}</source>
            <translation>Province unreachable · {n} waiting</translation>
        </message>
        <message>
            <source>Mất kết nối tỉnh</source>
            <translation>Province unreachable</translation>
        </message>
        <message>
            <source>gửi được lúc {t}</source>
            <translation>sent at {t}</translation>
        </message>
        <message>
            <source>chưa gửi được lần nào</source>
            <translation>nothing sent yet</translation>
        </message>
        <message>
            <source>Bấm để mở trang Đồng bộ.</source>
            <translation>Click to open the Sync page.</translation>
        </message>
    </context>
    <context>
        <name>TodayPage</name>
        <message>
            <source>Tiếp nhận hôm nay</source>
            <extracomment>Open the dossier list with a preset filter: keyword arguments of DossierListPage.filter_preset.</extracomment>
            <translation>Received today</translation>
        </message>
        <message>
            <source>Đến hạn trả hôm nay</source>
            <translation>Due today</translation>
        </message>
        <message>
            <source>Quá hạn</source>
            <translation>Overdue</translation>
        </message>
        <message>
            <source>Sắp đến hạn (trong 2 ngày)</source>
            <translation>Due soon (within 2 days)</translation>
        </message>
        <message>
            <source>Mã hồ sơ</source>
            <translation>Dossier code</translation>
        </message>
        <message>
            <source>Người nộp</source>
            <translation>Applicant</translation>
        </message>
        <message>
            <source>Thủ tục</source>
            <translation>Procedure</translation>
        </message>
        <message>
            <source>Hẹn trả</source>
            <translation>Due</translation>
        </message>
        <message>
            <source>Trễ</source>
            <translation>Late</translation>
        </message>
        <message>
            <source>Mở hồ sơ</source>
            <translation>Open the dossier</translation>
        </message>
        <message>
            <source>Lập phiếu xin lỗi, hẹn lại (Mẫu 04)…</source>
            <translation>Apology and new date (Form 04)…</translation>
        </message>
        <message>
            <source>Hôm nay, {day}</source>
            <translation>Today, {day}</translation>
        </message>
        <message>
            <source>Hồ sơ quá hạn cần xin lỗi và hẹn lại ({shown} trong {total})</source>
            <translation>Overdue dossiers needing an apology and a new date ({shown} of {total})</translation>
        </message>
        <message>
            <source>Không có hồ sơ quá hạn. Tốt lắm!</source>
            <translation>No overdue dossiers. Well done!</translation>
        </message>
        <message>
            <source> (đã gia hạn đến {day})</source>
            <translation> (extended to {day})</translation>
        </message>
        <message>
            <source> (chưa có văn bản xin lỗi)</source>
            <translation> (no apology letter yet)</translation>
        </message>
        <message>
            <source>{days} ngày</source>
            <translation>{days} days</translation>
        </message>
        <message>
            <source>hôm nay</source>
            <translation>today</translation>
        </message>
        <message>
            <source>Phiếu xin lỗi và hẹn lại (Mẫu 04) do lãnh đạo lập trên máy này; hãy báo lãnh đạo các hồ sơ quá hạn.</source>
            <translation>The apology and new date (form 04) is made by a leader on this desk; tell a leader about overdue dossiers.</translation>
        </message>
    </context>
    <context>
        <name>UnlockDialog</name>
        <message>
            <source>Màn hình đã khóa</source>
            <translation>Screen locked</translation>
        </message>
        <message>
            <source>Máy tạm khóa vì lâu không dùng. {name}, hãy nhập mật khẩu để tiếp tục.</source>
            <translation>Locked after a while without use. {name}, type your password to continue.</translation>
        </message>
        <message>
            <source>Mở khóa</source>
            <translation>Unlock</translation>
        </message>
        <message>
            <source>{name} đã khóa màn hình (Ctrl+L). Hãy nhập mật khẩu của {name} để tiếp tục.</source>
            <translation>{name} locked the screen (Ctrl+L). Enter {name}'s password to continue.</translation>
        </message>
    </context>
    <context>
        <name>UsersTab</name>
        <message>
            <source>Tên đăng nhập</source>
            <translation>User name</translation>
        </message>
        <message>
            <source>Họ và tên</source>
            <translation>Full name</translation>
        </message>
        <message>
            <source>Chức danh</source>
            <translation>Title</translation>
        </message>
        <message>
            <source>Vai trò</source>
            <translation>Role</translation>
        </message>
        <message>
            <source>Trạng thái</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Thêm người dùng…</source>
            <translation>Add user…</translation>
        </message>
        <message>
            <source>Vô hiệu hóa</source>
            <translation>Disable</translation>
        </message>
        <message>
            <source>Đặt lại mật khẩu…</source>
            <translation>Reset password…</translation>
        </message>
        <message>
            <source>Đổi vai trò</source>
            <translation>Change role</translation>
        </message>
        <message>
            <source>Đang dùng</source>
            <translation>Active</translation>
        </message>
        <message>
            <source>Đã vô hiệu hóa</source>
            <translation>Disabled</translation>
        </message>
        <message>
            <source>Chờ đổi mật khẩu tạm</source>
            <translation>Must change temporary password</translation>
        </message>
        <message>
            <source>Cho dùng lại</source>
            <translation>Enable</translation>
        </message>
        <message>
            <source>Mật khẩu tạm của {user}: {password} — hãy đưa cho người dùng; họ phải đổi mật khẩu ở lần đăng nhập đầu.</source>
            <translation>Temporary password for {user}: {password} — give it to the user; they must change it at the first sign-in.</translation>
        </message>
        <message>
            <source>Đã lưu thay đổi của {user}.</source>
            <translation>Changes to {user} saved.</translation>
        </message>
        <message>
            <source>Vô hiệu hóa tài khoản?</source>
            <translation>Disable the account?</translation>
        </message>
        <message>
            <source>{name} sẽ không đăng nhập được nữa (hồ sơ đã làm vẫn giữ nguyên). Tiếp tục?</source>
            <translation>{name} will no longer be able to sign in (their dossiers stay as they are). Continue?</translation>
        </message>
        <message>
            <source>Hủy</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Đặt lại mật khẩu?</source>
            <translation>Reset the password?</translation>
        </message>
        <message>
            <source>Đặt mật khẩu tạm mới cho {name}? Mật khẩu cũ không dùng được nữa.</source>
            <translation>Set a new temporary password for {name}? The old password stops working.</translation>
        </message>
        <message>
            <source>Đặt lại</source>
            <translation>Reset</translation>
        </message>
    </context>
    <context>
        <name>VnPrintDialog</name>
        <message>
            <source>In</source>
            <translation>Print</translation>
        </message>
        <message>
            <source> (mặc định)</source>
            <translation> (default)</translation>
        </message>
        <message>
            <source>Máy in</source>
            <translation>Printer</translation>
        </message>
        <message>
            <source>Số bản</source>
            <translation>Copies</translation>
        </message>
        <message>
            <source>Khổ giấy</source>
            <translation>Paper</translation>
        </message>
        <message>
            <source>Hủy</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Máy này chưa cài máy in nào. Hãy cài máy in, hoặc lưu tệp PDF để in ở máy khác.</source>
            <translation>No printer is installed on this computer. Install one, or save a PDF to print elsewhere.</translation>
        </message>
    </context>
    <context>
        <name>CentreIndicator</name>
        <message>
            <source>● Máy chủ Trung tâm</source>
            <translation>● Centre server</translation>
        </message>
        <message>
            <source>● Mất kết nối máy chủ Trung tâm</source>
            <translation>● Lost connection to the centre server</translation>
        </message>
        <message>
            <source>Chưa ghi gì khi mất kết nối; phiếu đang nhập vẫn giữ nguyên. Kiểm tra mạng của máy này hoặc báo bộ phận CNTT.</source>
            <translation>Nothing is saved while the connection is lost; the form being filled in keeps what was typed. Check this computer's network or tell the IT staff.</translation>
        </message>
    </context>
    <context>
        <name>StoreChoiceDialog</name>
        <message>
            <source>Dữ liệu của máy này — Một Cửa</source>
            <translation>This computer's data — Một Cửa</translation>
        </message>
        <message>
            <source>Máy này lưu hồ sơ ở đâu? Một quầy ở xã chỉ có một máy, hoặc máy lưu động, chọn «Máy đơn». Trung tâm có nhiều quầy dùng chung máy chủ thì chọn kết nối máy chủ.</source>
            <translation>Where does this computer keep the dossiers? A commune desk with one computer, or a home-visit laptop, chooses «Stand-alone». A centre whose counters share a server chooses to connect to the server.</translation>
        </message>
        <message>
            <source>Máy đơn (dữ liệu trên máy này)</source>
            <translation>Stand-alone (data on this computer)</translation>
        </message>
        <message>
            <source>Kết nối máy chủ của Trung tâm (PostgreSQL)</source>
            <translation>Connect to the centre's server (PostgreSQL)</translation>
        </message>
        <message>
            <source>Máy chủ của Trung tâm (bộ phận CNTT cung cấp)</source>
            <translation>The centre's server (given by the IT staff)</translation>
        </message>
        <message>
            <source>để trống nếu máy đã có tệp pgpass</source>
            <translation>leave empty if this computer has a pgpass file</translation>
        </message>
        <message>
            <source>Quầy 2</source>
            <translation>Counter 2</translation>
        </message>
        <message>
            <source>Địa chỉ (không ghi mật khẩu)</source>
            <translation>Address (without the password)</translation>
        </message>
        <message>
            <source>Mật khẩu</source>
            <translation>Password</translation>
        </message>
        <message>
            <source>Tên máy này</source>
            <translation>Name of this computer</translation>
        </message>
        <message>
            <source>Tiếp tục</source>
            <translation>Continue</translation>
        </message>
        <message>
            <source>Thoát</source>
            <translation>Quit</translation>
        </message>
        <message>
            <source>Mật khẩu máy chủ</source>
            <translation>Server password</translation>
        </message>
        <message>
            <source>Quản trị hệ thống của Trung tâm cho phép máy này kết nối</source>
            <translation>The centre administrator who lets this PC connect</translation>
        </message>
        <message>
            <source>Để trống nếu đây là máy đầu tiên, máy chủ còn trống: các bước sau sẽ lập đơn vị và tài khoản quản trị đầu tiên.</source>
            <translation>Leave empty if this is the first PC and the server is empty: the next steps set up the unit and its first administrator.</translation>
        </message>
        <message>
            <source>tên đăng nhập của quản trị</source>
            <translation>administrator's user name</translation>
        </message>
        <message>
            <source>Tài khoản quản trị</source>
            <translation>Administrator account</translation>
        </message>
        <message>
            <source>Mật khẩu quản trị</source>
            <translation>Administrator password</translation>
        </message>
    </context>
</TS>