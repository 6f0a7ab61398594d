#!/usr/bin/env python3
"""Writes the form templates in seed/templates/ as real .docx files.

The content follows the official paper forms (fields to fill, the legal
basis in the header). Output is reproducible: fixed zip timestamps.
Run: python3 scripts/make-templates.py
"""
import os
import tomllib
import zipfile
from xml.sax.saxutils import escape

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "seed", "templates")

HEADER = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "—————————"]
DOTS = "…………………………………………………………"

# file -> (addressee, fields, closing lines)
FORMS = {
    "to-khai-dang-ky-khai-sinh.docx": ("Kính gửi: Ủy ban nhân dân xã/phường " + DOTS, [
        "Họ, chữ đệm, tên người yêu cầu:", "Ngày, tháng, năm sinh:", "Giấy tờ tùy thân (số định danh cá nhân):",
        "Nơi cư trú:", "Quan hệ với người được khai sinh:",
        "Đề nghị cơ quan đăng ký khai sinh cho người dưới đây:",
        "Họ, chữ đệm, tên:", "Ngày, tháng, năm sinh: ……/……/…… ghi bằng chữ:", "Giới tính:", "Dân tộc:", "Quốc tịch:",
        "Nơi sinh:", "Quê quán:",
        "Họ, chữ đệm, tên người mẹ:", "Năm sinh:", "Dân tộc:", "Quốc tịch:", "Nơi cư trú:",
        "Họ, chữ đệm, tên người cha:", "Năm sinh:", "Dân tộc:", "Quốc tịch:", "Nơi cư trú:",
    ], ["Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình.",
        "Làm tại: ……………, ngày …… tháng …… năm ……", "Người yêu cầu (ký, ghi rõ họ, chữ đệm, tên)"]),
    "to-khai-dang-ky-ket-hon.docx": ("Kính gửi: Ủy ban nhân dân xã/phường " + DOTS, [
        "Thông tin — Bên nữ / Bên nam:", "Họ, chữ đệm, tên:", "Ngày, tháng, năm sinh:", "Dân tộc:", "Quốc tịch:",
        "Nơi cư trú:", "Giấy tờ tùy thân (số định danh cá nhân):", "Kết hôn lần thứ mấy:",
    ], ["Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của chúng tôi là tự nguyện, không vi phạm quy định của Luật Hôn nhân và gia đình.",
        "Đề nghị Quý cơ quan đăng ký.", "Bên nữ (ký, ghi rõ họ tên) — Bên nam (ký, ghi rõ họ tên)"]),
    "to-khai-dang-ky-khai-tu.docx": ("Kính gửi: Ủy ban nhân dân xã/phường " + DOTS, [
        "Họ, chữ đệm, tên người yêu cầu:", "Giấy tờ tùy thân (số định danh cá nhân):", "Nơi cư trú:",
        "Quan hệ với người đã chết:", "Đề nghị cơ quan đăng ký khai tử cho người có tên dưới đây:",
        "Họ, chữ đệm, tên:", "Ngày, tháng, năm sinh:", "Giới tính:", "Dân tộc:", "Quốc tịch:",
        "Số định danh cá nhân:", "Nơi cư trú cuối cùng:", "Đã chết vào lúc: …… giờ …… phút, ngày …… tháng …… năm ……",
        "Nơi chết:", "Nguyên nhân chết:", "Số Giấy báo tử/Giấy tờ thay thế Giấy báo tử:",
    ], ["Tôi cam đoan nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình.",
        "Người yêu cầu (ký, ghi rõ họ, chữ đệm, tên)"]),
    "to-khai-xac-nhan-tinh-trang-hon-nhan.docx": ("Kính gửi: Ủy ban nhân dân xã/phường " + DOTS, [
        "Họ, chữ đệm, tên người yêu cầu:", "Nơi cư trú:", "Giấy tờ tùy thân:", "Quan hệ với người được cấp Giấy xác nhận:",
        "Đề nghị cấp Giấy xác nhận tình trạng hôn nhân cho người có tên dưới đây:",
        "Họ, chữ đệm, tên:", "Ngày, tháng, năm sinh:", "Giới tính:", "Dân tộc:", "Quốc tịch:", "Số định danh cá nhân:",
        "Nơi cư trú:", "Tình trạng hôn nhân:", "Mục đích sử dụng Giấy xác nhận:", "Số lượng Giấy xác nhận đề nghị cấp:",
    ], ["Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình.",
        "Người yêu cầu (ký, ghi rõ họ, chữ đệm, tên)"]),
    "to-khai-yeu-cau-cap-phieu-ly-lich-tu-phap.docx": ("Kính gửi: Sở Tư pháp " + DOTS, [
        "1. Họ, chữ đệm, tên:", "2. Giới tính:", "3. Ngày, tháng, năm sinh:", "4. Nơi sinh:", "5. Quốc tịch:",
        "6. Nơi thường trú:", "7. Nơi tạm trú:", "8. Số định danh cá nhân:", "9. Họ, chữ đệm, tên cha:",
        "10. Họ, chữ đệm, tên mẹ:", "11. Họ, chữ đệm, tên vợ/chồng:", "12. Điện thoại / e-mail:",
        "Quá trình cư trú của bản thân (từ đủ 14 tuổi): Từ tháng, năm — Đến tháng, năm — Nơi cư trú — Nghề nghiệp, nơi làm việc",
        "Tình trạng án tích (nếu có):", "Yêu cầu cấp Phiếu lý lịch tư pháp: Số 1 □  Số 2 □", "Số lượng Phiếu yêu cầu cấp: ……… Phiếu",
        "Mục đích yêu cầu cấp Phiếu lý lịch tư pháp:",
    ], ["Tôi xin cam đoan những lời khai trên là đúng sự thật và chịu trách nhiệm về lời khai của mình.",
        "Người yêu cầu (ký và ghi rõ họ tên)"]),
    "to-khai-thay-doi-thong-tin-cu-tru-ct01.docx": ("Kính gửi: Công an xã/phường " + DOTS, [
        "1. Họ, chữ đệm và tên:", "2. Ngày, tháng, năm sinh:", "3. Giới tính:", "4. Số định danh cá nhân:",
        "5. Số điện thoại liên hệ:", "6. Email:", "7. Họ, chữ đệm và tên chủ hộ:", "8. Mối quan hệ với chủ hộ:",
        "9. Số định danh cá nhân của chủ hộ:", "10. Nội dung đề nghị (đăng ký thường trú / tạm trú / xóa đăng ký / điều chỉnh thông tin):",
        "11. Những thành viên trong hộ gia đình cùng thay đổi: Họ, chữ đệm và tên — Ngày sinh — Giới tính — Số định danh cá nhân — Mối quan hệ với chủ hộ",
    ], ["Ý kiến của chủ hộ / chủ sở hữu chỗ ở hợp pháp (ký, ghi rõ họ tên)", "Người kê khai (ký, ghi rõ họ tên)"]),
    "giay-de-nghi-dang-ky-ho-kinh-doanh.docx": ("Kính gửi: Ủy ban nhân dân xã/phường " + DOTS, [
        "Tôi là (ghi họ tên bằng chữ in hoa):", "Ngày sinh:", "Giới tính:", "Số định danh cá nhân:", "Địa chỉ liên lạc:",
        "Điện thoại / Email:", "Đăng ký hộ kinh doanh với các nội dung sau:", "1. Tên hộ kinh doanh (ghi bằng chữ in hoa):",
        "2. Địa chỉ trụ sở hộ kinh doanh:", "3. Ngành, nghề kinh doanh:", "4. Vốn kinh doanh (bằng số; VNĐ):",
        "5. Số lượng lao động:", "6. Thông tin về các thành viên hộ gia đình tham gia đăng ký hộ kinh doanh (nếu có):",
    ], ["Tôi cam kết: bản thân không thuộc diện bị cấm đăng ký hộ kinh doanh; trụ sở hộ kinh doanh thuộc quyền sử dụng hợp pháp; chịu trách nhiệm trước pháp luật về tính hợp pháp, chính xác, trung thực của nội dung đăng ký.",
        "Người đại diện hộ kinh doanh (ký và ghi họ tên)"]),
    "don-de-nghi-cap-giay-phep-xay-dung.docx": ("Kính gửi: " + DOTS, [
        "1. Thông tin về chủ đầu tư: Tên chủ đầu tư:", "Người đại diện:", "Địa chỉ liên hệ:", "Số điện thoại:",
        "2. Thông tin công trình: Địa điểm xây dựng: Lô đất số …… Diện tích …… m²", "Tại:", "Phường:", "Tỉnh, thành phố:",
        "3. Tổ chức, cá nhân lập, thẩm tra thiết kế xây dựng:", "4. Nội dung đề nghị cấp phép: Loại công trình:", "Cấp công trình:",
        "Diện tích xây dựng tầng 1 (tầng trệt): …… m²", "Tổng diện tích sàn: …… m²", "Chiều cao công trình: …… m", "Số tầng:",
        "5. Dự kiến thời gian hoàn thành công trình: …… tháng",
    ], ["Cam kết: Tôi xin cam đoan làm theo đúng giấy phép được cấp, nếu sai tôi xin hoàn toàn chịu trách nhiệm và bị xử lý theo quy định của pháp luật.",
        "Người làm đơn / Đại diện chủ đầu tư (ký, ghi rõ họ tên)"]),
    "don-dang-ky-bien-dong-dat-dai.docx": ("Kính gửi: Văn phòng đăng ký đất đai / Chi nhánh Văn phòng đăng ký đất đai " + DOTS, [
        "I. PHẦN KÊ KHAI CỦA NGƯỜI ĐĂNG KÝ", "1. Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất: Tên (viết chữ in hoa):",
        "Số định danh cá nhân:", "Địa chỉ:", "2. Giấy chứng nhận đã cấp: Số vào sổ cấp GCN:", "Số phát hành GCN:", "Ngày cấp GCN:",
        "3. Thửa đất có thay đổi: Thửa đất số:", "Tờ bản đồ số:", "Địa chỉ tại:",
        "4. Nội dung biến động (chuyển nhượng, tặng cho, thừa kế, thế chấp…): Nội dung trước khi biến động:", "Nội dung sau khi biến động:",
        "5. Lý do biến động:", "6. Giấy tờ liên quan đến nội dung thay đổi nộp kèm theo đơn này:",
    ], ["Tôi cam đoan nội dung kê khai trên đơn là đúng sự thật, nếu sai tôi hoàn toàn chịu trách nhiệm trước pháp luật.",
        "Người viết đơn (ký, ghi rõ họ tên)"]),
    "don-de-nghi-doi-cap-lai-giay-phep-lai-xe.docx": ("Kính gửi: Phòng Cảnh sát giao thông Công an tỉnh/thành phố " + DOTS, [
        "Tôi là:", "Quốc tịch:", "Sinh ngày: …… tháng …… năm ……", "Nơi cư trú:", "Số định danh cá nhân:",
        "Đã có giấy phép lái xe số:", "Hạng:", "Do:", "Cấp ngày: …… tháng …… năm ……",
        "Đề nghị cho tôi được: đổi □  cấp lại □ giấy phép lái xe", "Lý do:",
    ], ["Tôi xin cam đoan những điều ghi trên đây là đúng sự thật, nếu sai tôi xin hoàn toàn chịu trách nhiệm.",
        "Người làm đơn (ký và ghi rõ họ, tên)"]),
    "to-khai-tham-gia-bao-hiem-xa-hoi-tk1-ts.docx": ("Kính gửi: Cơ quan Bảo hiểm xã hội " + DOTS, [
        "I. Áp dụng đối với người tham gia đã được cấp mã số BHXH: [01]. Họ và tên:", "[02]. Mã số BHXH:",
        "[03]. Nội dung thay đổi, yêu cầu:", "II. Áp dụng đối với người tham gia chưa được cấp mã số BHXH:",
        "[04]. Họ và tên (viết chữ in hoa):", "[05]. Ngày, tháng, năm sinh:", "[06]. Giới tính:", "[07]. Quốc tịch:",
        "[08]. Dân tộc:", "[09]. Số định danh cá nhân:", "[10]. Số điện thoại liên hệ:", "[11]. Địa chỉ nhận kết quả:",
        "[12]. Mức tiền đóng BHXH tự nguyện (đồng/tháng):", "[13]. Phương thức đóng (hằng tháng, 3 tháng, 6 tháng, 12 tháng):",
    ], ["Tôi cam đoan những nội dung kê khai là đúng và chịu trách nhiệm trước pháp luật về những nội dung đã kê khai.",
        "Người kê khai (ký, ghi rõ họ tên)"]),
    "don-xin-chuyen-truong.docx": ("Kính gửi: Hiệu trưởng trường " + DOTS, [
        "Tôi là:", "Hiện trú tại:", "Số điện thoại:", "Là phụ huynh của học sinh:", "Sinh ngày:",
        "Hiện đang học lớp:", "Năm học:", "Tại trường:", "Kết quả cuối năm học: Học lực:", "Hạnh kiểm:",
        "Xin cho con tôi được chuyển đến học lớp …… năm học …… tại trường:", "Lý do:",
    ], ["Ý kiến tiếp nhận của Hiệu trưởng trường nơi đến", "Ý kiến của Hiệu trưởng trường nơi đi",
        "Người làm đơn (ký và ghi rõ họ tên)"]),
    "to-khai-cap-ho-chieu-pho-thong-tk01.docx": ("Kính gửi: Cục Quản lý xuất nhập cảnh / Công an tỉnh, thành phố " + DOTS, [
        "1. Họ, chữ đệm và tên (viết chữ in hoa):", "2. Giới tính:", "3. Sinh ngày …… tháng …… năm ……", "4. Nơi sinh (tỉnh, thành phố):",
        "5. Số định danh cá nhân:", "6. Dân tộc:", "7. Tôn giáo:", "8. Số điện thoại:", "9. Địa chỉ đăng ký thường trú:",
        "10. Địa chỉ đăng ký tạm trú:", "11. Nghề nghiệp:", "12. Tên và địa chỉ cơ quan (nếu có):",
        "13. Cha: họ và tên, sinh ngày", "14. Mẹ: họ và tên, sinh ngày", "15. Vợ/chồng: họ và tên, sinh ngày",
        "16. Hộ chiếu phổ thông lần gần nhất (nếu có): số …… cấp ngày ……", "17. Nội dung đề nghị: cấp hộ chiếu có gắn chíp điện tử □ / không gắn chíp □",
    ], ["Tôi xin cam đoan những thông tin trên là đúng sự thật.", "Người đề nghị (ký, ghi rõ họ tên)"]),
}


def paragraph(text, bold=False, center=False, size=26):
    ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else ""
    rpr = f'<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>{"<w:b/>" if bold else ""}<w:sz w:val="{size}"/></w:rPr>'
    return f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def document(title, addressee, fields, closing):
    body = [paragraph(h, bold=(i < 2), center=True) for i, h in enumerate(HEADER)]
    body.append(paragraph(title.upper(), bold=True, center=True, size=28))
    body.append(paragraph(addressee))
    body += [paragraph(f if f.endswith(("□", "m²", "……", "tháng")) else f"{f} {DOTS}") for f in fields]
    body += [paragraph(c, center=(i > 0)) for i, c in enumerate(closing)]
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            + "".join(body)
            + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="0" w:footer="0" w:gutter="0"/></w:sectPr>'
            '</w:body></w:document>')


CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                 '</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '</Relationships>')


def write_docx(path, xml):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS), ("word/document.xml", xml)):
            info = zipfile.ZipInfo(name, date_time=(2025, 7, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def main():
    with open(os.path.join(ROOT, "seed", "catalog", "templates.toml"), "rb") as f:
        templates = tomllib.load(f)["template"]
    os.makedirs(OUT, exist_ok=True)
    for t in templates:
        addressee, fields, closing = FORMS[t["file"]]
        write_docx(os.path.join(OUT, t["file"]), document(t["title_vi"], addressee, fields, closing))
        print("wrote", t["file"])


if __name__ == "__main__":
    main()
